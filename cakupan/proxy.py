"""An nginx configuration for several dashboard replicas behind one address.

Streamlit keeps each visitor's session in the process that holds its websocket, and an upload
goes to that same process, so the proxy is sticky: the first response sets a cookie naming a
route, and every later request and the websocket with that cookie hash to the same replica.
Replicas read one database file (cakupan.snapshot), so any replica can serve any visitor.
"""

from __future__ import annotations

from pathlib import Path

ROUTE_COOKIE = "cakupan_replica"


def nginx_config(replicas: list[str], listen: str, prefix: Path, max_upload_mb: int = 50) -> str:
    """The whole nginx.conf: `replicas` as host:port, `listen` as host:port, `prefix` a folder
    for nginx's pid, logs and temporary files (run `nginx -p PREFIX -c PREFIX/nginx.conf`)."""
    if not replicas:
        raise ValueError("at least one replica (host:port) is needed")
    prefix = Path(prefix).resolve()
    servers = "\n".join(f"        server {r} max_fails=0;" for r in replicas)
    temp = "\n".join(f"    {kind}_temp_path {prefix}/tmp/{kind};"
                     for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return f"""# Cakupan: {len(replicas)} replica(s) behind one address, sticky by cookie.
worker_processes auto;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 4096; }}

http {{
    access_log off;
{temp}
    client_max_body_size {int(max_upload_mb)}m;
    # Streamlit sends its scripts uncompressed; a first visit fetches some 8 MB of them (plotly
    # alone is 4,7 MB), about a third of that compressed. The websocket is not touched.
    gzip on;
    gzip_proxied any;
    gzip_comp_level 5;
    gzip_min_length 1024;
    gzip_types application/javascript text/javascript text/css application/json image/svg+xml;

    map $http_upgrade $connection_upgrade {{
        default upgrade;
        ''      close;
    }}
    # A visitor without the cookie gets a fresh random route; the response hands it back as the
    # cookie, so the page, its websocket and its uploads all reach the same replica.
    map $cookie_{ROUTE_COOKIE} $cakupan_route {{
        ""      $request_id;
        default $cookie_{ROUTE_COOKIE};
    }}

    upstream cakupan {{
        hash $cakupan_route consistent;
{servers}
    }}

    server {{
        listen {listen};
        location / {{
            proxy_pass http://cakupan;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            # With the port: Streamlit compares the websocket's Origin with its Host.
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_read_timeout 1d;
            proxy_buffering off;
            add_header Set-Cookie "{ROUTE_COOKIE}=$cakupan_route; Path=/; HttpOnly; SameSite=Lax" always;
            # Which replica answered, for operators and the replica test.
            add_header X-Cakupan-Replica $upstream_addr always;
        }}
    }}
}}
"""


def write_config(replicas: list[str], listen: str, prefix: Path, max_upload_mb: int = 50) -> Path:
    """Write nginx.conf and the folders nginx needs under `prefix`; returns the config's path."""
    prefix = Path(prefix)
    for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / "tmp" / kind).mkdir(parents=True, exist_ok=True)
    path = prefix / "nginx.conf"
    path.write_text(nginx_config(replicas, listen, prefix, max_upload_mb), encoding="utf-8")
    return path
