#!/usr/bin/env bash
# Install the validators and clients the tests run that are not Python packages (issues 7, 16, 19, 20):
#   - biber 2.18 (Debian bookworm), for `biber --tool --validate-datamodel` on the biblatex export,
#     with texlive-bibtex-extra (classic `bibtex` and plain.bst, for the BibTeX export) and
#     texlive-latex-recommended (etoolbox, which biblatex needs for a real pdflatex + biber run);
#   - pandoc (Debian), for `pandoc --citeproc` on the CSL-JSON export;
#   - citeproc-js (npm `citeproc`, pinned), the reference CSL processor the formatted styles are
#     compared with, into <repo>/.cache/node (git-ignored).
# Idempotent: each step is skipped when what it installs is already there. Called by .ci/run;
# developers run it once: `bash scripts/install-validators.sh`.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIBER_VERSION="2.18"            # Debian bookworm ships 2.18-1
CITEPROC_JS_VERSION="2.4.63"
NODE_PREFIX="$REPO/.cache/node"

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# --- biber (and classic bibtex) ---------------------------------------------------------
# texlive-bibtex-extra is what Debian recommends with biber: biblatex, plus texlive-base and
# texlive-binaries, which give the classic `bibtex` program and plain.bst the tests also run.
if command -v biber >/dev/null 2>&1 && biber --version | grep -q "biber version: ${BIBER_VERSION}" \
        && command -v bibtex >/dev/null 2>&1 && kpsewhich plain.bst >/dev/null 2>&1 \
        && kpsewhich etoolbox.sty >/dev/null 2>&1; then
    echo "install-validators: biber ${BIBER_VERSION} and bibtex already installed"
else
    echo "install-validators: installing biber ${BIBER_VERSION} and bibtex from Debian"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "biber=${BIBER_VERSION}-*" texlive-bibtex-extra texlive-latex-recommended
fi
biber --version

# --- pandoc ------------------------------------------------------------------------------
if command -v pandoc >/dev/null 2>&1; then
    echo "install-validators: pandoc already installed"
else
    echo "install-validators: installing pandoc from Debian"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends pandoc
fi
pandoc --version | head -1

# --- citeproc-js -------------------------------------------------------------------------
installed_citeproc() {
    node -e "process.stdout.write(require('$NODE_PREFIX/node_modules/citeproc/package.json').version)" \
        2>/dev/null || true
}
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "install-validators: installing node and npm from Debian"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm
fi
if [ "$(installed_citeproc)" = "$CITEPROC_JS_VERSION" ]; then
    echo "install-validators: citeproc-js ${CITEPROC_JS_VERSION} already in $NODE_PREFIX"
else
    echo "install-validators: installing citeproc-js ${CITEPROC_JS_VERSION} into $NODE_PREFIX"
    mkdir -p "$NODE_PREFIX"
    [ -f "$NODE_PREFIX/package.json" ] || echo '{"name": "arshif-validators", "private": true}' \
        > "$NODE_PREFIX/package.json"
    npm install --prefix "$NODE_PREFIX" --no-audit --no-fund --save-exact \
        "citeproc@${CITEPROC_JS_VERSION}"
fi
echo "install-validators: citeproc-js $(installed_citeproc) ($NODE_PREFIX/node_modules/citeproc)"

# wget (Debian): the crawler whose --warc-file output the web-archive tests ingest (issue 20)
if command -v wget >/dev/null 2>&1; then
    echo "install-validators: wget already installed"
else
    echo "install-validators: installing wget from Debian"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wget
fi

# --- chromium, chromedriver and the fonts for `arshif serve`'s browser tests (issue 19) ------
# Debian's chromium and its chromedriver (Selenium is pointed at both: nothing is downloaded at
# test time) and fonts-noto-core (Noto Naskh Arabic, the reader's first font for Arabic/Persian).
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1 \
        && fc-list 2>/dev/null | grep -q "Noto Naskh Arabic"; then
    echo "install-validators: chromium, chromedriver and Noto Naskh Arabic already installed"
else
    echo "install-validators: installing chromium, chromium-driver and fonts-noto-core from Debian"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        chromium chromium-driver fonts-noto-core fontconfig
fi
chromium --version
