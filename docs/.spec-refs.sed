# Rewrites references to the old external product spec (SPEC §N) and style guide (STYLE.md)
# into links to docs/. Run once from the repository root after merging, e.g.:
#   grep -rlZ --include=*.java --include=*.md --include=*.yml --include=*.sh --include=*.ftl \
#     -e 'SPEC §' -e 'STYLE\.md' . | grep -zv '^\./docs/' | xargs -0 sed -i -f docs/.spec-refs.sed
# Specific wordings first, then one rule per section (subsections like §5.2 included).
s|SPEC §4, §7|docs/inventory.md, docs/architecture.md|g
s|fixed by SPEC §3\b|listed in docs/exit-codes.md|g
s|exit code (SPEC §3)|exit code (docs/exit-codes.md)|g
s|^\( *\* *\)(SPEC §3) and a one-line|\1(docs/exit-codes.md) and a one-line|
s|comparison with Ansible 2\.14 (SPEC §7)|comparison with Ansible 2.14|g
s|SPEC §10\(\.[0-9]\+\)*\b|docs/README.md|g
s|SPEC §11\(\.[0-9]\+\)*\b|docs/README.md|g
s|SPEC §12\(\.[0-9]\+\)*\b|docs/README.md|g
s|SPEC §1\(\.[0-9]\+\)*\b|docs/README.md|g
s|SPEC §2\(\.[0-9]\+\)*\b|docs/architecture.md|g
s|SPEC §3\(\.[0-9]\+\)*\b|docs/cli.md|g
s|SPEC §4\(\.[0-9]\+\)*\b|docs/inventory.md|g
s|SPEC §5\(\.[0-9]\+\)*\b|docs/playbooks.md|g
s|SPEC §6\(\.[0-9]\+\)*\b|docs/playbooks.md|g
s|SPEC §7\(\.[0-9]\+\)*\b|docs/architecture.md|g
s|SPEC §8\(\.[0-9]\+\)*\b|docs/report.md|g
s|SPEC §9\(\.[0-9]\+\)*\b|docs/bundle.md|g
s|\bSTYLE\.md\b|docs/architecture.md|g
