"""Read app/etc/env.php into an EnvPhp summary. Secrets are redacted by the parser and never kept."""

from __future__ import annotations

from magesupport.audit.installation import CacheBackend, EnvPhp, SourceIssue
from magesupport.audit.sources.config_php import scalar_text, system_settings
from magesupport.audit.sources.php_array import PhpArray, PhpParseError, Redacted, parse_php_array

_LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1", "[::1]", "")


def cache_backend_kind(backend: object) -> str:
    """file, redis, database... from the backend class name Magento is configured with."""
    if backend is None:
        return "file"
    text = scalar_text(backend)
    if text is None:
        return "unknown"
    lowered = text.lower().replace("\\", "_")
    for needle, kind in (("redis", "redis"), ("valkey", "redis"), ("file", "file"), ("database", "database")):
        if needle in lowered:
            return kind
    for needle, kind in (("memcache", "memcached"), ("apc", "apcu"), ("varnish", "varnish")):
        if needle in lowered:
            return kind
    return "other"


def _host_is_remote(host: object) -> bool | None:
    text = scalar_text(host)
    if text is None:
        return None
    name = text.strip().lower()
    if name.startswith("/") or name.startswith("unix:"):
        return False
    name = name.split(":", 1)[0] if name.count(":") == 1 else name
    return name not in _LOCAL_HOSTS


def read_env_php(text: str, file: str) -> tuple[EnvPhp | None, SourceIssue | None]:
    try:
        data = parse_php_array(text)
    except PhpParseError as exc:
        return None, SourceIssue(
            "env.unreadable", "high", file, exc.line, f"cannot read env.php: {exc.message}"
        )

    mode = scalar_text(data.get("MAGE_MODE"))
    front = scalar_text(data.dig("backend", "frontName"))
    crypt = data.dig("crypt", "key")
    crypt_present = isinstance(crypt, Redacted) and crypt.present

    backends = []
    frontends = data.dig("cache", "frontend")
    if isinstance(frontends, PhpArray):
        for name, node in frontends.items():
            backend = node.get("backend") if isinstance(node, PhpArray) else None
            line = node.line_of("backend") if isinstance(node, PhpArray) and "backend" in node else None
            backends.append(
                CacheBackend(str(name), cache_backend_kind(backend), line or frontends.line_of(name))
            )

    hosts = data.get("http_cache_hosts")
    cache_types = []
    types_node = data.get("cache_types")
    if isinstance(types_node, PhpArray):
        for name, value in types_node.items():
            enabled = scalar_text(value)
            cache_types.append((str(name), enabled not in (None, "0", ""), types_node.line_of(name)))

    db_remote = None
    connections = data.dig("db", "connection")
    if isinstance(connections, PhpArray):
        remotes = [
            _host_is_remote(node.get("host")) for _, node in connections.items() if isinstance(node, PhpArray)
        ]
        known = [r for r in remotes if r is not None]
        db_remote = any(known) if known else None

    doc_root = data.dig("directories", "document_root_is_pub")
    env = EnvPhp(
        file=file,
        deploy_mode=mode.strip().lower() if mode else None,
        deploy_mode_line=data.line_of("MAGE_MODE"),
        admin_frontname_default=(front.strip().lower() == "admin") if front is not None else None,
        admin_frontname_line=data.dig_line("backend", "frontName"),
        crypt_key_present=crypt_present,
        crypt_key_line=data.dig_line("crypt", "key") if "crypt" in data else None,
        cache_backends=tuple(backends),
        session_save=(scalar_text(data.dig("session", "save")) or "").strip().lower() or None,
        session_line=data.dig_line("session", "save") if "session" in data else None,
        http_cache_hosts=len(hosts) if isinstance(hosts, PhpArray) else 0,
        http_cache_line=data.line_of("http_cache_hosts"),
        cache_types=tuple(cache_types),
        db_remote=db_remote,
        remote_storage=scalar_text(data.dig("remote_storage", "driver")),
        lock_provider=scalar_text(data.dig("lock", "provider")),
        document_root_is_pub=bool(doc_root) if isinstance(doc_root, bool | int) else None,
        x_frame_options=scalar_text(data.get("x-frame-options")),
        x_frame_options_line=data.line_of("x-frame-options"),
        settings=system_settings(data),
    )
    return env, None
