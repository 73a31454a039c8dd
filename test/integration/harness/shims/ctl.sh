# A SecuBox CLI of the test box (TOOL is set by the generated wrapper): replays fixtures/transcripts/cli/TOOL/
# SUB.out for SUB in status / list / help / --help (no argument: noargs.out), with the recorded exit code and
# stderr — including the exit codes that contradict the output. Recorded write flows are stateful:
#   metablogizerctl create blog ...     flow 01      metablogizerctl emancipate blog   flow 02
#   secubox-exposure revoke blog ...    flow 04
CALL="$TOOL $*"
_log "$CALL"
_inject "$CALL"

case "$CALL" in
"metablogizerctl create blog"*) _run_flow 01 ;;
"metablogizerctl emancipate blog"*) _run_flow 02 ;;
"secubox-exposure revoke blog"*) _run_flow 04 ;;
esac

sub=${1-noargs}
line=$(awk -F '\t' -v t="$TOOL" -v s="$sub" '$1 == t && $2 == s { print; exit }' "$DATA/cli.idx")
if [ -n "$line" ]; then
	err=$(printf '%s' "$line" | cut -f5)
	_reply "cli/$TOOL/$sub" "$FIX/$(printf '%s' "$line" | cut -f3)" "$(printf '%s' "$line" | cut -f4)" "${err:+$DATA/$err}"
fi
_overlay "cli/$TOOL/$sub"
# not recorded: print the recorded usage, as these scripts do for an unknown subcommand
for h in help --help noargs; do
	line=$(awk -F '\t' -v t="$TOOL" -v s="$h" '$1 == t && $2 == s { print; exit }' "$DATA/cli.idx")
	if [ -n "$line" ]; then
		cat "$FIX/$(printf '%s' "$line" | cut -f3)"
		exit 1
	fi
done
echo "Usage: $TOOL {status|list|help}" >&2
exit 1
