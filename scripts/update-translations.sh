#!/bin/sh
# Refresh the interface translations after changing GUI strings: collect the strings into the .ts
# (new ones appear as unfinished; translate them with pyside6-linguist or in the XML), then compile
# the .qm that reader loads. tests/gui/test_i18n.py fails while a string is untranslated or the
# .qm is stale.
set -e
cd "$(dirname "$0")/.."
bin=$(dirname "$(command -v python)")
for ts in resources/i18n/reader_*.ts; do
  "$bin/pyside6-lupdate" reader/gui/*.py -ts "$ts" -no-obsolete -locations none
  "$bin/pyside6-lrelease" "$ts" -qm "${ts%.ts}.qm"
done
