# Shared by the box-root shims (ubus, uci, *ctl) of the secubox integration harness. Sourced after env.sh,
# which sets BB (busybox), FIX (recorded transcripts), DATA (generated indexes) and STATE (per-box state).
#
# STATE layout (the harness API in test/integration/harness/index.ts reads and writes it):
#   calls.log                     one line per shim call: "ubus call obj method {...}", "uci commit cfg", ...
#   box.log                       the same for calls made by the box's own scripts (healthy preset's jobs)
#   healthy                       present: the `blog-healthy` box (shims/healthy.sh answers luci.metablogizer)
#   box/                          files the box's scripts write (healthy: jobs/, certs/)
#   fail/<id>/{pattern,code,times,stdout,stderr}
#                                 injected failures: `pattern` is a shell glob matched against the call line
#                                 (also each `uci batch` input line as "uci <line>"); times 0 = forever
#   overlay/<key>.{out,err,code}  replies that replace the recorded ones (flows write their after-state here)
#   uci/delta/<cfg>               staged changes, in `uci changes` format
#   uci/committed/<cfg>           committed changes (applied on top of the recorded config by show/get/export)
#   flows/                        progress of the stateful flows (async emancipate job)

TAB=$(printf '\t')

# _log LINE: what the tool called goes to calls.log; what the box's own scripts call (SECUBOX_BOX_CALL=1, e.g. the
# healthy box's emancipate job running uci) goes to box.log
_log() {
	if [ "${SECUBOX_BOX_CALL-}" = 1 ]; then
		printf '%s\n' "$1" >> "$STATE/box.log"
	else
		printf '%s\n' "$1" >> "$STATE/calls.log"
	fi
}

# _inject LINE: if an injected failure matches LINE, print its output and exit with its code.
_inject() {
	for d in "$STATE"/fail/*; do
		[ -f "$d/pattern" ] || continue
		pat=$(cat "$d/pattern")
		# shellcheck disable=SC2254
		case "$1" in
		$pat)
			code=$(cat "$d/code")
			times=$(cat "$d/times")
			if [ "$times" = 1 ]; then
				[ -f "$d/stdout" ] && cat "$d/stdout"
				[ -f "$d/stderr" ] && cat "$d/stderr" >&2
				rm -rf "$d"
			else
				[ "$times" -gt 1 ] && echo $((times - 1)) > "$d/times"
				[ -f "$d/stdout" ] && cat "$d/stdout"
				[ -f "$d/stderr" ] && cat "$d/stderr" >&2
			fi
			printf 'injected failure (exit %s) for: %s\n' "$code" "$1" >> "$STATE/calls.log"
			exit "$code"
			;;
		esac
	done
}

# _overlay KEY: reply from STATE/overlay/KEY.* and exit, if such an overlay exists.
_overlay() {
	o="$STATE/overlay/$1"
	if [ -f "$o.out" ] || [ -f "$o.code" ] || [ -f "$o.err" ]; then
		[ -f "$o.out" ] && cat "$o.out"
		[ -f "$o.err" ] && cat "$o.err" >&2
		exit "$(cat "$o.code" 2>/dev/null || echo 0)"
	fi
}

# _reply KEY OUTFILE CODE ERRFILE: overlay if any, else the recorded reply.
_reply() {
	_overlay "$1"
	[ -n "$2" ] && cat "$2"
	[ -n "$4" ] && cat "$4" >&2
	exit "${3:-0}"
}

# _run_flow NN: print a recorded write flow's command output, switch the box to the flow's after-state.
_run_flow() {
	f="$DATA/flows/$1"
	_apply_flow "$1"
	cat "$f/command.out"
	[ -f "$f/command.err" ] && cat "$f/command.err" >&2
	exit "$(cat "$f/command.code")"
}

# _apply_flow NN: the flow's after-state becomes the box's state (recorded configs replace committed changes).
_apply_flow() {
	f="$DATA/flows/$1"
	mkdir -p "$STATE/overlay" "$STATE/uci/committed" "$STATE/uci/delta" "$STATE/flows"
	for s in "$f"/overlay/uci/show/*.out; do
		[ -f "$s" ] || continue
		c=${s##*/}
		c=${c%.out}
		rm -f "$STATE/uci/committed/$c" "$STATE/overlay/uci/export/$c.out"
	done
	cp -R "$f/overlay/." "$STATE/overlay/"
	echo "$1" >> "$STATE/flows/applied"
}
