"""What several checks need to know about modules: load order, enabled, core, class ancestry."""

from __future__ import annotations

from dataclasses import dataclass

from magesupport.audit.installation import GLOBAL, ClassInfo, Installation, Module, ancestors, class_key
from magesupport.domain.results_audit import Evidence


@dataclass(frozen=True)
class Context:
    modules: dict[str, Module]
    order: dict[str, int]
    classes: dict[str, ClassInfo]

    @classmethod
    def of(cls, installation: Installation) -> Context:
        return cls(
            modules=installation.module_map(),
            order={name: i for i, name in enumerate(installation.load_order)},
            classes=installation.classes,
        )

    def core(self, module: str) -> bool:
        found = self.modules.get(module)
        return found.core if found else module.startswith("Magento_")

    def enabled(self, module: str) -> bool:
        """Modules missing from config.php count as enabled: setup:upgrade would enable them."""
        found = self.modules.get(module)
        return found is None or found.enabled is not False

    def rank(self, module: str, area: str, scope: str, line: int | None) -> tuple[int, int, int]:
        """Which declaration wins: an area file beats global, then later-loaded modules, then later lines."""
        return (1 if area == scope and scope != GLOBAL else 0, self.order.get(module, -1), line or 0)

    def extends(self, child: str, parent: str) -> bool | None:
        """True when `child` is `parent` or a subclass of it; None when the class files were not found."""
        if class_key(child) == class_key(parent):
            return True
        chain = ancestors(child, self.classes)
        if chain is None:
            return None
        if class_key(parent) in chain:
            return True
        last = chain[-1] if chain else class_key(child)
        return False if last in self.classes and self.classes[last].parent is None else None

    def is_interface(self, name: str) -> bool:
        info = self.classes.get(class_key(name))
        if info is not None:
            return info.kind == "interface"
        return name.rstrip().endswith("Interface")


def evidence(file: str | None, line: int | None, note: str = "") -> tuple[Evidence, ...]:
    return (Evidence(file=file, line=line, note=note),) if file else ()


def scope_text(scopes: list[str]) -> str:
    if scopes == [GLOBAL]:
        return "every area"
    names = ["global (every area)" if s == GLOBAL else s for s in scopes]
    return ", ".join(names)
