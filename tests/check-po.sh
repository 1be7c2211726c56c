#!/bin/sh
# check-po.sh SRCDIR: every translatable file is in POTFILES.in, and every translation is complete.
set -eu
srcdir=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cd "$srcdir"
status=0

# A file with translatable strings that POTFILES.in forgets is never translated, silently.
for f in $(grep -lE '(^|[^a-zA-Z_])(N?_|C_|g_dngettext) \(|translatable="yes"' \
             src/*.c src/*.ui src/*/*.c 2>/dev/null | sort); do
  if ! grep -qx "$f" po/POTFILES.in; then
    echo "po/POTFILES.in: $f has translatable strings but is not listed"
    status=1
  fi
done

grep -v '^#' po/POTFILES.in | grep -v '^$' > "$tmp/list"
sort -c "$tmp/list" 2>/dev/null || { echo "po/POTFILES.in: not sorted"; status=1; }

xgettext --files-from="$tmp/list" --from-code=UTF-8 --add-comments \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dngettext:2,3 \
  --output="$tmp/pathview.pot" 2>"$tmp/xgettext.log" || { cat "$tmp/xgettext.log"; exit 1; }

for lang in $(grep -v '^#' po/LINGUAS); do
  msgmerge --quiet --no-fuzzy-matching "po/$lang.po" "$tmp/pathview.pot" -o "$tmp/$lang.po"
  stats=$(msgfmt --check --statistics -o /dev/null "$tmp/$lang.po" 2>&1)
  echo "po/$lang.po: $stats"
  case "$stats" in
    *untranslated*|*fuzzy*) echo "po/$lang.po is incomplete: translate the new strings"; status=1 ;;
  esac
done
exit $status
