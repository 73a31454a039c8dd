# `ubus` of the test box: replays the recorded answers of a real SecuBox box (fixtures/transcripts/ubus).
#   ubus [-v] list [PATTERN]         ubus/ubus_list.out, ubus/ubus_-v_list.out (filtered by PATTERN)
#   ubus call OBJ METHOD [JSON]      ubus/call/OBJ/METHOD__<params>.out when the params match a recording, else
#                                    ubus/call/OBJ/METHOD.out; exit code and stderr from its .meta.json.
#                                    Unknown object / method: the real ubus error text and code.
# Stateful: luci.metablogizer emancipate + emancipate_status (flow 05), luci.exposure emancipate (flow 03);
# on the blog-healthy box, luci.metablogizer is answered by healthy.sh instead.
CALL="ubus $*"
_log "$CALL"
_inject "$CALL"

verbose=0
while [ $# -gt 0 ]; do
	case "$1" in
	-v) verbose=1; shift ;;
	-S) shift ;;
	-t | -s | -m | -M) shift 2 ;;
	-*) shift ;;
	*) break ;;
	esac
done
cmd=${1-}
[ $# -gt 0 ] && shift

_usage() {
	cat "$DATA/ubus.usage" >&2
	exit 255
}

case "$cmd" in
list)
	if [ $# -eq 0 ]; then
		if [ $verbose = 1 ]; then
			_reply ubus/list-v "$FIX/ubus/ubus_-v_list.out" 0 ''
		else
			_reply ubus/list "$FIX/ubus/ubus_list.out" 0 ''
		fi
	fi
	pat=$1
	matches=""
	while IFS= read -r o; do
		# shellcheck disable=SC2254
		case "$o" in $pat) matches="$matches$o$TAB" ;; esac
	done < "$FIX/ubus/ubus_list.out"
	if [ -z "$matches" ]; then
		echo "Command failed: ubus list $pat (Not found)" >&2
		exit 252
	fi
	if [ $verbose = 0 ]; then
		printf '%s' "$matches" | tr '\t' '\n'
		exit 0
	fi
	awk -v want="$TAB$matches" '
		/^'"'"'/ { o = $1; gsub(/'"'"'/, "", o); keep = index(want, "\t" o "\t") > 0 }
		keep { print }
	' "$FIX/ubus/ubus_-v_list.out"
	exit 0
	;;
call)
	[ $# -ge 2 ] || _usage
	obj=$1
	meth=$2
	msg=${3-}
	if [ $# -ge 3 ]; then
		case "$msg" in
		'{'*) ;;
		*)
			echo "Failed to parse message data" >&2
			exit 255
			;;
		esac
	fi

	# the blog-healthy box answers luci.metablogizer from its current state (shims/healthy.sh)
	if [ -f "$STATE/healthy" ]; then
		. "$DATA/healthy.sh"
		_healthy_call "$obj" "$meth" "$msg"
	fi

	# stateful flows
	case "$obj $meth" in
	"luci.metablogizer emancipate")
		mkdir -p "$STATE/flows"
		echo 0 > "$STATE/flows/mb_polls"
		rm -f "$STATE/flows/mb_done"
		f="$DATA/flows/05"
		cat "$f/command.out"
		exit "$(cat "$f/command.code")"
		;;
	"luci.metablogizer emancipate_status")
		if [ -f "$STATE/flows/mb_polls" ] && case "$msg" in *job_id*) true ;; *) false ;; esac; then
			n=$(($(cat "$STATE/flows/mb_polls") + 1))
			echo "$n" > "$STATE/flows/mb_polls"
			[ "$n" -gt 3 ] && n=3
			if [ "$n" = 3 ] && [ ! -f "$STATE/flows/mb_done" ]; then
				_apply_flow 05
				touch "$STATE/flows/mb_done"
			fi
			cat "$DATA/flows/05/poll_0$n.out"
			exit 0
		fi
		;;
	"luci.exposure emancipate")
		_run_flow 03
		;;
	esac

	_overlay "ubus/$obj/$meth"
	# the recording whose params match (whitespace ignored), else the one without params: one awk, no other process
	line=$(O="$obj" M="$meth" P="$msg" awk -F '\t' '
		BEGIN { o = ENVIRON["O"]; m = ENVIRON["M"]; p = ENVIRON["P"]; gsub(/[ \t\r\n]/, "", p); if (p == "") p = "{}" }
		$1 == o && $2 == m { if ($3 == p) { print; found = 1; exit } if ($3 == "{}" && d == "") d = $0 }
		END { if (!found && d != "") print d }
	' "$DATA/ubus.idx")
	if [ -n "$line" ]; then
		set -f
		oldifs=$IFS
		IFS=$TAB
		# shellcheck disable=SC2086
		set -- $line
		IFS=$oldifs
		set +f
		_reply "ubus/$obj/$meth" "$FIX/$4" "$5" "${6:+$DATA/${6-}}"
	fi
	if ! grep -qxF "$obj" "$FIX/ubus/ubus_list.out"; then
		echo "Command failed: ubus call $obj $meth ${msg:+$msg }(Not found)" >&2
		exit 252
	fi
	if awk -v o="'$obj'" -v m="\"$meth\":" '
		/^'"'"'/ { inobj = ($1 == o); next }
		inobj && index($0, "\t" m) == 1 { found = 1; exit }
		END { exit !found }
	' "$FIX/ubus/ubus_-v_list.out"; then
		# a real method without a recording (a write action): it ran and printed nothing
		exit 0
	fi
	echo "Command failed: ubus call $obj $meth ${msg:+$msg }(Method not found)" >&2
	exit 253
	;;
*)
	_usage
	;;
esac
