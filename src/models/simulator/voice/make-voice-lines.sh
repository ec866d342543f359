#!/bin/sh
# Regenerates the simulator's spoken replies from lines.tsv (name<TAB>text).
# Needs: apt-get install -y espeak-ng opus-tools. The .ogg files are committed; run this only
# when a line changes. Output: mono Ogg/Opus at 16 kbit/s, one file per line.
set -eu
cd "$(dirname "$0")"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
while IFS="$(printf '\t')" read -r name text; do
  [ -n "$name" ] || continue
  espeak-ng -v en-us -s 165 -w "$tmp/$name.wav" "$text"
  opusenc --quiet --bitrate 16 --comp 10 --downmix-mono "$tmp/$name.wav" "$name.ogg"
done < lines.tsv
