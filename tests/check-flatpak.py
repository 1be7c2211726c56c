#!/usr/bin/env python3
# check-flatpak.py MANIFEST: the manifest parses and builds this tree, as the README promises.
# flatpak-builder needs the network to fetch the GNOME runtime, so this is what can be checked here.
import json
import sys

path = sys.argv[1]
try:
    with open(path, encoding="utf-8") as f:
        manifest = json.load(f)
except (OSError, ValueError) as e:
    sys.exit(f"{path}: {e}")

errors = []
def expect(cond, what):
    if not cond:
        errors.append(what)

expect(manifest.get("id") == "io.github.pathview.Pathview", "id is not io.github.pathview.Pathview")
expect(manifest.get("runtime") == "org.gnome.Platform", "runtime is not org.gnome.Platform")
expect(manifest.get("sdk") == "org.gnome.Sdk", "sdk is not org.gnome.Sdk")
expect(manifest.get("command") == "pathview", "command is not pathview")
args = set(manifest.get("finish-args", []))
for needed in ("--share=network", "--socket=wayland", "--socket=fallback-x11", "--device=dri",
               "--filesystem=xdg-videos", "--filesystem=home:ro"):
    expect(needed in args, f"finish-args lacks {needed}")
modules = manifest.get("modules", [])
expect(isinstance(modules, list) and modules, "modules is empty")
app = modules[-1] if modules else {}
expect(app.get("name") == "pathview", "the last module is not pathview")
expect(app.get("buildsystem") == "meson", "pathview is not built with meson")
expect(any(s.get("type") == "dir" and s.get("path") == ".." for s in app.get("sources", [])),
       "pathview is not built from this tree (a dir source at ..)")

for e in errors:
    print(f"{path}: {e}")
print(f"{path}: {len(modules)} module(s): {', '.join(m.get('name', '?') for m in modules)}")
sys.exit(1 if errors else 0)
