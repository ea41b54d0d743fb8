#!/usr/bin/env python3
"""Regenerate the bundled model catalog from the pinned copy of LiteLLM's price file.

The conversion itself is Java (dev.arena.agent.llm.LiteLlmConversion), the same code that
`arena models update` runs, so the bundled catalog and a user's refreshed copy follow one set
of rules. Build the jar first (mvn -o -q package -DskipTests), then:

    python3 scripts/generate_model_catalog.py [LITELLM_JSON]

LITELLM_JSON defaults to data/litellm/model_prices_and_context_window.json. After replacing
that file with a newer LiteLLM copy, update data/litellm/NOTICE (commit, date, subset or not).
"""
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
PINNED = ROOT / "data" / "litellm" / "model_prices_and_context_window.json"
CATALOG = ROOT / "src" / "main" / "resources" / "dev" / "arena" / "agent" / "llm" / "model-catalog.json"
JAR = ROOT / "target" / "arena.jar"


def main() -> int:
    source = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else PINNED
    if not JAR.is_file():
        print(f"{JAR} is missing: build it first with mvn -o -q package -DskipTests", file=sys.stderr)
        return 3
    return subprocess.call(["java", "-cp", str(JAR), "dev.arena.agent.llm.LiteLlmConversion", str(source), str(CATALOG)])


if __name__ == "__main__":
    sys.exit(main())
