#!/usr/bin/env bash
# Wrap the app bundle that build.spec makes in a compressed disk image (macOS only).
#
#   pyinstaller --noconfirm build.spec
#   bash packaging/macos/make_dmg.sh ["dist/ITO Review.app"] [OUT.dmg]
#
# The image holds the app and a link to /Applications, so users drag one onto the other.
# Default output: dist/ITO-Review-<version>-macos-<arch>.dmg. The app is ad-hoc signed by
# PyInstaller, not notarised: on first start users right-click it and choose Open.
# Untested on our machines (Linux only): written from the hdiutil and codesign manuals and run
# by .github/workflows/package.yml.
set -euo pipefail

APP="${1:-dist/ITO Review.app}"
[ -d "$APP" ] || { echo "make_dmg: $APP not found; run pyinstaller build.spec first" >&2; exit 2; }
VERSION="$(/usr/libexec/PlistBuddy -c 'Print :CFBundleShortVersionString' "$APP/Contents/Info.plist")"
OUT="${2:-dist/ITO-Review-$VERSION-macos-$(uname -m).dmg}"

# A bundle whose signature is broken does not start on Apple silicon: stop here, not at users.
codesign --verify --deep --verbose=2 "$APP"

STAGING="$(mktemp -d)"
trap 'rm -rf "$STAGING"' EXIT
# ditto keeps the bundle's symbolic links, extended attributes and signatures intact.
ditto "$APP" "$STAGING/ITO Review.app"
ln -s /Applications "$STAGING/Applications"

rm -f "$OUT"
# hdiutil now and then fails with "Resource busy" on CI machines; try again before giving up.
for attempt in 1 2 3; do
  if hdiutil create -volname "ITO Review $VERSION" -srcfolder "$STAGING" -fs HFS+ \
      -format UDZO -ov "$OUT"; then
    break
  fi
  [ "$attempt" -lt 3 ] || exit 1
  echo "make_dmg: hdiutil failed (attempt $attempt), retrying" >&2
  sleep 10
done
hdiutil verify "$OUT"
echo "make_dmg: wrote $OUT ($(du -h "$OUT" | cut -f1))"
