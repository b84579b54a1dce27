#!/bin/sh
# Build stage of deploy/app.Dockerfile, after `mvnw package dependency:copy-dependencies`: lays out
# the runtime classpath of one module for the image.
#   OUT/lib  third-party jars (a layer that changes rarely)
#   OUT/app  wacall's own jars: the module and the wacall modules it needs at run time, packed
#            from their compiled classes, so a module whose Maven jar is a repackaged Spring Boot
#            jar (embedded's) still goes on a plain classpath
# Usage: sh deploy/pack-classpath.sh MODULE OUT   (from the repository root)
set -eu

module=${1:?usage: pack-classpath.sh MODULE OUT}
out=${2:?usage: pack-classpath.sh MODULE OUT}
mkdir -p "$out/lib" "$out/app"

pack() {
  classes="$1/target/classes"
  [ -d "$classes" ] || { echo "pack-classpath: $classes is missing (was module $1 built?)" >&2; exit 1; }
  jar --create --file "$out/app/wacall-$1.jar" -C "$classes" .
}

for jar in "$module"/target/dependency/*.jar; do
  name=$(basename "$jar")
  case "$name" in
    wacall-*) pack "$(printf '%s\n' "$name" | sed -E 's/^wacall-(.+)-[0-9][^-]*(-SNAPSHOT)?\.jar$/\1/')" ;;
    *) cp "$jar" "$out/lib/" ;;
  esac
done
pack "$module"
echo "pack-classpath: $module: $(ls "$out/lib" | wc -l) libraries, $(ls "$out/app" | tr '\n' ' ')"
