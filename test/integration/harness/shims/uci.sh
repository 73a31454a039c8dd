# `uci` of the test box: the recorded configs of a real SecuBox box (fixtures/transcripts/uci), plus a small
# stateful part so that tests can check what a tool did:
#   uci [-q] [-S] show [CFG[.SEC[.OPT]]]   recorded `uci show` with committed + staged changes applied
#   uci [-S] export CFG                    recorded `uci export` (rebuilt from the view when CFG changed)
#   uci get CFG.SEC[.OPT]                  from the view; "uci: Entry not found" (exit 1) when absent
#   uci get CFG                            nothing, exit 0 when CFG parses (its recorded error when it does not)
#   uci set|add_list|del_list|delete|rename|add ...   stage a change (STATE/uci/delta/CFG)
#   uci batch                              the same commands read from stdin, one per line (+ commit / revert)
#   uci commit [CFG] / uci revert CFG[...] / uci changes [CFG]
CALL="uci $*"
_log "$CALL"
_inject "$CALL"

strict=1
quiet=0
while [ $# -gt 0 ]; do
	case "$1" in
	-S) strict=0; shift ;;
	-s) strict=1; shift ;;
	-q) quiet=1; shift ;;
	-X | -N | -n) shift ;;
	-c | -C | -p | -P | -t | -d | -f | -m) shift 2 ;;
	-*) shift ;;
	*) break ;;
	esac
done
cmd=${1-}
[ $# -gt 0 ] && shift
U="$STATE/uci"
mkdir -p "$U/delta" "$U/committed"
AWK="$DATA/uci.awk"
rc=0

_fail() {
	[ "$quiet" = 1 ] || echo "uci: $1" >&2
	exit 1
}
_q() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }

_known() {
	case "$1" in '' | */* | .*) return 1 ;; esac
	[ -f "$STATE/overlay/uci/show/$1.out" ] || [ -f "$FIX/uci/show/$1.out" ]
}

# _base CFG: sets BASE_OUT / BASE_CODE / BASE_ERR for the recorded (or flow-overlaid) `uci show CFG`
_base() {
	v=$1
	if [ "$strict" = 0 ] && { [ -f "$STATE/overlay/uci/show/${1}__non-strict_-S.out" ] || [ -f "$FIX/uci/show/${1}__non-strict_-S.out" ]; }; then
		v="${1}__non-strict_-S"
	fi
	o="$STATE/overlay/uci/show/$v"
	if [ -f "$o.out" ]; then
		BASE_OUT="$o.out"
		BASE_CODE=$(cat "$o.code" 2>/dev/null || echo 0)
		BASE_ERR=""
		[ -f "$o.err" ] && BASE_ERR="$o.err"
		return
	fi
	BASE_OUT="$FIX/uci/show/$v.out"
	line=$(awk -F '\t' -v k="show/$v" '$1 == k { print; exit }' "$DATA/uci.idx")
	BASE_CODE=$(printf '%s' "$line" | cut -f2)
	BASE_ERR=$(printf '%s' "$line" | cut -f3)
	[ -n "$BASE_ERR" ] && BASE_ERR="$DATA/$BASE_ERR"
}

_changed() { [ -s "$U/committed/$1" ] || [ -s "$U/delta/$1" ] || [ -f "$STATE/overlay/uci/show/$1.out" ]; }

# _effective CFG: the view (recorded config + changes) on stdout; a recorded failure is replayed (exit code kept)
_effective() {
	_base "$1"
	if [ "${BASE_CODE:-0}" != 0 ]; then
		cat "$BASE_OUT"
		[ -n "$BASE_ERR" ] && cat "$BASE_ERR" >&2
		exit "$BASE_CODE"
	fi
	if [ -s "$U/committed/$1" ] || [ -s "$U/delta/$1" ]; then
		ch="$U/.changes.$$"
		{
			echo '#'
			cat "$U/committed/$1" "$U/delta/$1" 2>/dev/null
		} > "$ch"
		awk -v mode=show -f "$AWK" "$ch" "$BASE_OUT"
		rm -f "$ch"
	else
		cat "$BASE_OUT"
	fi
}

_commit() {
	if [ -n "$1" ]; then set -- "$1"; else set -- $(ls "$U/delta"); fi
	for c in "$@"; do
		[ -f "$U/delta/$c" ] || continue
		cat "$U/delta/$c" >> "$U/committed/$c"
		rm -f "$U/delta/$c"
	done
}

_revert() {
	p=$1
	c=${p%%.*}
	[ -n "$c" ] && [ -f "$U/delta/$c" ] || return 0
	if [ "$p" = "$c" ]; then
		rm -f "$U/delta/$c"
		return 0
	fi
	awk -v p="$p" '{ l = $0; sub(/^[-@]/, "", l); k = l; i = index(k, "="); if (i) k = substr(k, 1, i - 1); sub(/[+-]$/, "", k)
		if (k == p || index(k, p ".") == 1) next; print }' "$U/delta/$c" > "$U/delta/.$c.$$"
	mv -f "$U/delta/.$c.$$" "$U/delta/$c"
	[ -s "$U/delta/$c" ] || rm -f "$U/delta/$c"
}

# _do DIRECTIVE (from uci.awk mode=batch)
_do() {
	kind=${1%%"$TAB"*}
	rest=${1#*"$TAB"}
	case "$kind" in
	D)
		c=${rest%%"$TAB"*}
		if ! _known "$c"; then
			[ "$quiet" = 1 ] || echo "uci: Entry not found" >&2
			rc=1
			return
		fi
		printf '%s\n' "${rest#*"$TAB"}" >> "$U/delta/$c"
		;;
	A)
		c=${rest%%"$TAB"*}
		t=${rest#*"$TAB"}
		if ! _known "$c"; then
			[ "$quiet" = 1 ] || echo "uci: Entry not found" >&2
			rc=1
			return
		fi
		name="cfg$(head -c 3 /dev/urandom | od -An -tx1 | tr -d ' \n')"
		printf '%s.%s=%s\n' "$c" "$name" "$(_q "$t")" >> "$U/delta/$c"
		echo "$name"
		;;
	C) _commit "$rest" ;;
	R) _revert "$rest" ;;
	E)
		[ "$quiet" = 1 ] || echo "uci: $rest" >&2
		rc=1
		;;
	esac
}

_all_configs() {
	for f in "$FIX"/uci/show/*.out; do
		c=${f##*/}
		c=${c%.out}
		case "$c" in *__*) continue ;; esac
		echo "$c"
	done
}

case "$cmd" in
show)
	if [ $# -eq 0 ]; then
		for c in $(_all_configs); do (_effective "$c") 2>/dev/null; done
		exit 0
	fi
	path=$1
	c=${path%%.*}
	_known "$c" || _fail "Entry not found"
	if [ "$path" = "$c" ]; then
		_effective "$c"
		exit 0
	fi
	out=$(_effective "$c") || exit $?
	res=$(printf '%s\n' "$out" | awk -v k="$path" 'index($0, k "=") == 1 || index($0, k ".") == 1')
	[ -n "$res" ] || _fail "Entry not found"
	printf '%s\n' "$res"
	;;
export)
	[ $# -ge 1 ] || { for c in $(_all_configs); do "$0" export "$c" 2>/dev/null; done; exit 0; }
	c=$1
	_known "$c" || _fail "Entry not found"
	if _changed "$c"; then
		out=$(_effective "$c") || exit $?
		printf 'package %s\n\n' "$c"
		ref="$FIX/uci/export/$c.out"
		[ -f "$ref" ] || ref=""
		printf '%s\n' "$out" | awk -v mode=export -v ref="$ref" -f "$AWK"
		exit 0
	fi
	v=$c
	[ "$strict" = 0 ] && [ -f "$FIX/uci/export/${c}__non-strict_-S.out" ] && v="${c}__non-strict_-S"
	line=$(awk -F '\t' -v k="export/$v" '$1 == k { print; exit }' "$DATA/uci.idx")
	err=$(printf '%s' "$line" | cut -f3)
	_reply "" "$FIX/uci/export/$v.out" "$(printf '%s' "$line" | cut -f2)" "${err:+$DATA/$err}"
	;;
get)
	[ $# -ge 1 ] || _fail "Invalid argument"
	path=$1
	c=${path%%.*}
	_known "$c" || _fail "Entry not found"
	out=$(_effective "$c") || exit $?
	# a bare config name: found (it parses), nothing printed, as the real uci does
	[ "$path" = "$c" ] && exit 0
	line=$(printf '%s\n' "$out" | awk -v k="$path" 'index($0, k "=") == 1 { print; exit }')
	[ -n "$line" ] || _fail "Entry not found"
	printf '%s\n' "$line" | awk -v mode=value -f "$AWK"
	;;
set | add_list | del_list | delete | rename)
	[ $# -ge 1 ] || _fail "Invalid argument"
	d=$(printf '%s %s\n' "$cmd" "$(_q "$1")" | awk -v mode=batch -f "$AWK")
	[ -n "$d" ] && _do "$d"
	exit $rc
	;;
add)
	[ $# -ge 2 ] || _fail "Invalid argument"
	d=$(printf 'add %s %s\n' "$(_q "$1")" "$(_q "$2")" | awk -v mode=batch -f "$AWK")
	[ -n "$d" ] && _do "$d"
	exit $rc
	;;
batch)
	while IFS= read -r line || [ -n "$line" ]; do
		[ -n "$(printf '%s' "$line" | tr -d ' \t\r')" ] || continue
		_inject "uci $line"
		d=$(printf '%s\n' "$line" | awk -v mode=batch -f "$AWK")
		[ -n "$d" ] && _do "$d"
	done
	exit $rc
	;;
commit)
	_commit "${1-}"
	;;
revert)
	[ $# -ge 1 ] || _fail "Invalid argument"
	_revert "$1"
	;;
changes)
	if [ $# -ge 1 ]; then
		[ -f "$U/delta/$1" ] && cat "$U/delta/$1"
	else
		for f in "$U"/delta/*; do [ -f "$f" ] && cat "$f"; done
	fi
	;;
*)
	cat >&2 <<'EOF'
Usage: uci [<options>] <command> [<arguments>]

Commands:
	batch
	export     [<config>]
	import     [<config>]
	changes    [<config>]
	commit     [<config>]
	add        <config> <section-type>
	add_list   <config>.<section>.<option>=<string>
	del_list   <config>.<section>.<option>=<string>
	show       [<config>[.<section>[.<option>]]]
	get        <config>.<section>[.<option>]
	set        <config>.<section>[.<option>]=<value>
	delete     <config>[.<section>[[.<option>][=<id>]]]
	rename     <config>.<section>[.<option>]=<name>
	revert     <config>[.<section>[.<option>]]
	reorder    <config>.<section>=<position>
EOF
	exit 255
	;;
esac
exit 0
