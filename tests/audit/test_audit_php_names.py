"""PHP class names resolved as PHP resolves them: one test per form of `extends` and `use`."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from magesupport.audit.sources.php_class import read_class
from magesupport.audit.sources.php_names import NameScope, name_scope


def parent_of(source: str) -> str | None:
    info = read_class("<?php\n" + source, "x.php")
    assert info is not None
    return info.parent


def test_fully_qualified_parent_is_taken_as_written():
    # the bug this replaces: `\Vendor\Module\Base` was read as `Acme\Shop\Vendor\Module\Base`
    assert (
        parent_of("namespace Acme\\Shop;\nclass A extends \\Vendor\\Module\\Base {}")
        == "Vendor\\Module\\Base"
    )


def test_unqualified_parent_is_relative_to_the_namespace():
    assert parent_of("namespace Acme\\Shop;\nclass A extends Base {}") == "Acme\\Shop\\Base"


def test_qualified_parent_is_relative_to_the_namespace_when_its_head_is_not_imported():
    assert parent_of("namespace Acme\\Shop;\nclass A extends Model\\Base {}") == "Acme\\Shop\\Model\\Base"


def test_imported_class():
    source = "namespace Acme\\Shop;\nuse Magento\\Catalog\\Model\\Product;\nclass A extends Product {}"
    assert parent_of(source) == "Magento\\Catalog\\Model\\Product"


def test_imported_class_with_a_leading_backslash_and_alias():
    source = "namespace Acme;\nuse \\Magento\\Catalog\\Model\\Product as CoreProduct;\nclass A extends CoreProduct {}"
    assert parent_of(source) == "Magento\\Catalog\\Model\\Product"


def test_alias_lookup_is_case_insensitive():
    source = "namespace Acme;\nuse Magento\\Catalog\\Model\\Product as CoreProduct;\nclass A extends coreproduct {}"
    assert parent_of(source) == "Magento\\Catalog\\Model\\Product"


def test_imported_namespace_heads_a_qualified_name():
    source = "namespace Acme;\nuse Magento\\Catalog\\Model;\nclass A extends Model\\Product {}"
    assert parent_of(source) == "Magento\\Catalog\\Model\\Product"


def test_several_imports_in_one_statement():
    source = "namespace Acme;\nuse Foo\\One, Magento\\Sales\\Model\\Order as SalesOrder;\nclass A extends SalesOrder {}"
    assert parent_of(source) == "Magento\\Sales\\Model\\Order"


def test_grouped_imports():
    source = (
        "namespace Acme;\nuse Magento\\Sales\\{Model\\Order, Model\\Order\\Item as OrderItem};\n"
        "class A extends OrderItem {}"
    )
    assert parent_of(source) == "Magento\\Sales\\Model\\Order\\Item"


def test_function_and_const_imports_do_not_shadow_classes():
    source = "namespace Acme;\nuse function Other\\Base;\nuse const Other\\LIMIT;\nclass A extends Base {}"
    assert parent_of(source) == "Acme\\Base"


def test_namespace_keyword_is_relative():
    assert parent_of("namespace Acme\\Shop;\nclass A extends namespace\\Base {}") == "Acme\\Shop\\Base"


def test_trait_use_inside_the_class_body_is_not_an_import():
    source = "namespace Acme;\nclass A extends Base\n{\n    use Base;\n}\nclass_alias('X', 'Y');"
    assert parent_of(source) == "Acme\\Base"


def test_no_namespace():
    assert parent_of("class A extends Base {}") == "Base"
    assert parent_of("use Foo\\Bar;\nclass A extends Bar {}") == "Foo\\Bar"


def test_braced_namespace_block():
    assert parent_of("namespace Acme {\nuse Foo\\Bar;\nclass A extends Bar {}\n}") == "Foo\\Bar"


def test_a_commented_out_import_does_not_count():
    source = "namespace Acme;\n// use Foo\\Base;\n/* use Bar\\Base; */\nclass A extends Base {}"
    assert parent_of(source) == "Acme\\Base"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("\\A\\B", "A\\B"),
        ("B", "N\\S\\B"),
        ("X\\B", "N\\S\\X\\B"),
        ("I", "Im\\Ported"),
        ("I\\C", "Im\\Ported\\C"),
    ],
)
def test_scope_resolution_table(written: str, expected: str):
    scope = NameScope("N\\S", {"i": "Im\\Ported"})
    assert scope.resolve(written) == expected


_segment = st.from_regex(r"[A-Z][a-z]{0,5}", fullmatch=True)


@given(st.lists(_segment, min_size=1, max_size=4), st.lists(_segment, min_size=1, max_size=4))
def test_a_fully_qualified_name_never_depends_on_the_scope(namespace, name):
    scope = name_scope("namespace " + "\\".join(namespace) + ";\nuse " + "\\".join(namespace) + "\\X as Y;\n")
    assert scope.resolve("\\" + "\\".join(name)) == "\\".join(name)
