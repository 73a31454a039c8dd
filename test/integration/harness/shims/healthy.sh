# The `blog-healthy` box (sourced by the ubus shim when STATE/healthy exists): the rpcd methods of luci.metablogizer
# that the emancipate / revoke / listing flows use, modelled on the real plugin (luci.metablogizer method_emancipate,
# method_emancipate_status, method_unpublish_site, method_get_sites_exposure_status) and on metablogizerctl emancipate
# (box-contract "Emancipate flows, step by step" D). The box's own writes go through the uci shim, so the state the
# tool reads back is really there; they are logged to STATE/box.log (calls.log holds only what the tool called).
#
#   emancipate {id}            job id; the job's status file lives in STATE/box/jobs
#   emancipate_status {job_id} polls 1, 2: the running log (DATA/healthy/poll_0N.json); poll 3: the job writes the
#                              after-state (uhttpd instance, haproxy backend/server/vhost/acl/certificate, the site's
#                              emancipated flag), the certificate file, and replies success with the full log
#   unpublish_site {id}        deletes the vhost and its certificate entry, sets emancipated=0
#   list_sites, get_sites_exposure_status   computed from the current uci state (vhost_exists: strict `uci get`)

_box_uci() { SECUBOX_BOX_CALL=1 "$ROOT/uci" "$@"; }

# _json_str KEY JSON: a string member of a flat JSON object
_json_str() { printf '%s' "$2" | sed -n 's/.*"'"$1"'"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p'; }

_h_error() {
	printf '{\n\t"success": false,\n\t"error": "%s"\n}\n' "$1"
	exit 0
}

# _h_site ID: NAME DOMAIN PORT of a site (empty NAME: no such site)
_h_site() {
	name=$(_box_uci -q get "metablogizer.$1.name")
	domain=$(_box_uci -q get "metablogizer.$1.domain")
	port=$(_box_uci -q get "metablogizer.$1.port")
	vid=$(printf '%s' "$domain" | sed 's/[^a-zA-Z0-9]/_/g')
	sid=$(printf '%s' "$name" | sed 's/[^a-zA-Z0-9]/_/g') # a uci section name takes letters, digits and _ only
	b="metablog_$sid"
}

_h_emancipate() {
	id=$(_json_str id "$1")
	[ -n "$id" ] || _h_error "Missing site id"
	_h_site "$id"
	[ -n "$name" ] || _h_error "Site not found"
	job="emancipate_${name}_$$"
	mkdir -p "$STATE/box/jobs"
	printf '%s\n' "$id" > "$STATE/box/jobs/$job.site"
	echo 0 > "$STATE/box/jobs/$job.polls"
	echo running > "$STATE/box/jobs/$job.status"
	printf '{\n\t"success": true,\n\t"job_id": "%s",\n\t"status": "running",\n\t"site": "%s"\n}\n' "$job" "$name"
	exit 0
}

# _h_run_job ID: what `metablogizerctl emancipate NAME` writes when every step succeeds, step by step
_h_run_job() {
	_h_site "$1"
	# HAPROXY: uhttpd instance, backend + server, vhost through the WAF (mitmproxy_inspector)
	_box_uci batch <<-EOF
		set uhttpd.metablogizer_$sid=uhttpd
		set uhttpd.metablogizer_$sid.listen_http='0.0.0.0:$port'
		set uhttpd.metablogizer_$sid.home='/srv/metablogizer/sites/$name'
		set uhttpd.metablogizer_$sid.index_page='index.html'
		set uhttpd.metablogizer_$sid.error_page='/index.html'
		commit uhttpd
		set haproxy.$b=backend
		set haproxy.$b.name='$b'
		set haproxy.$b.mode='http'
		set haproxy.$b.balance='roundrobin'
		set haproxy.$b.enabled='1'
		set haproxy.${b}_srv=server
		set haproxy.${b}_srv.backend='$b'
		set haproxy.${b}_srv.name='uhttpd'
		set haproxy.${b}_srv.address='127.0.0.1'
		set haproxy.${b}_srv.port='$port'
		set haproxy.${b}_srv.weight='100'
		set haproxy.${b}_srv.check='1'
		set haproxy.${b}_srv.enabled='1'
		set haproxy.$vid=vhost
		set haproxy.$vid.domain='$domain'
		set haproxy.$vid.backend='mitmproxy_inspector'
		set haproxy.$vid.original_backend='$b'
		set haproxy.$vid.ssl='1'
		set haproxy.$vid.ssl_redirect='1'
		set haproxy.$vid.acme='1'
		set haproxy.$vid.enabled='1'
		commit haproxy
	EOF
	# PATH: secubox.in/gk2/NAME, bypassing the WAF
	_box_uci batch <<-EOF
		set haproxy.path_gk2_$sid=acl
		set haproxy.path_gk2_$sid.host='secubox.in'
		set haproxy.path_gk2_$sid.path_beg='/gk2/$name'
		set haproxy.path_gk2_$sid.backend='$b'
		set haproxy.path_gk2_$sid.waf_bypass='1'
		set haproxy.path_gk2_$sid.enabled='1'
		commit haproxy
	EOF
	# SSL: haproxyctl cert add DOMAIN (ACME) -> certificate entry + /srv/haproxy/certs/DOMAIN.pem
	_box_uci batch <<-EOF
		set haproxy.cert_$vid=certificate
		set haproxy.cert_$vid.domain='$domain'
		set haproxy.cert_$vid.type='acme'
		set haproxy.cert_$vid.enabled='1'
		commit haproxy
	EOF
	mkdir -p "$STATE/box/certs"
	: > "$STATE/box/certs/$domain.pem"
	# done: the site is marked emancipated
	_box_uci batch <<-EOF
		set metablogizer.$1.emancipated='1'
		set metablogizer.$1.emancipated_at='$("$BB" date -Iseconds)'
		commit metablogizer
	EOF
}

_h_status() {
	job=$(_json_str job_id "$1")
	if [ -z "$job" ]; then
		cat "$FIX/ubus/call/luci.metablogizer/emancipate_status.out" # the recorded "Missing job_id"
		exit 0
	fi
	j="$STATE/box/jobs/$job"
	[ -f "$j.site" ] || _h_error "Job not found"
	n=$(($(cat "$j.polls") + 1))
	echo "$n" > "$j.polls"
	[ "$n" -gt 3 ] && n=3
	id=$(cat "$j.site")
	if [ "$n" = 3 ] && [ "$(cat "$j.status")" = running ]; then
		_h_run_job "$id" > /dev/null 2>&1
		echo success > "$j.status"
	fi
	_h_site "$id"
	sed -e "s|@NAME@|$name|g" -e "s|@DOMAIN@|$domain|g" -e "s|@PORT@|$port|g" "$DATA/healthy/poll_0$n.json"
	exit 0
}

_h_unpublish() {
	id=$(_json_str id "$1")
	[ -n "$id" ] || _h_error "Missing site id"
	_h_site "$id"
	[ -n "$name" ] || _h_error "Site not found"
	if _box_uci -q get haproxy > /dev/null 2>&1; then
		_box_uci delete "haproxy.$vid" 2> /dev/null
		_box_uci delete "haproxy.cert_$vid" 2> /dev/null
		_box_uci commit haproxy
	fi
	_box_uci set "metablogizer.$id.emancipated=0"
	_box_uci commit metablogizer
	printf '{\n\t"success": true,\n\t"message": "Site unpublished"\n}\n'
	exit 0
}

# _h_sites METHOD: list_sites / get_sites_exposure_status from the current state (same shape as the recordings)
_h_sites() {
	_overlay "ubus/luci.metablogizer/$1"
	t="$STATE/.sites.$$"
	_box_uci show metablogizer > "$t.mb" 2> /dev/null
	_box_uci show haproxy > "$t.hp" 2> /dev/null
	_box_uci show uhttpd > "$t.uh" 2> /dev/null
	certs=" $(ls "$STATE/box/certs" 2> /dev/null | tr '\n' ' ')"
	awk -v mode="$1" -v certs="$certs" '
		function q(s) { gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); return "\"" s "\"" }
		function b(v) { return v == "1" ? "true" : "false" }
		function val(v) { sub(/^'"'"'/, "", v); sub(/'"'"'$/, "", v); return v }
		FILENAME ~ /\.mb$/ {
			p = index($0, "="); k = substr($0, 1, p - 1); v = substr($0, p + 1)
			n = split(k, a, ".")
			if (n == 2 && v == "site") { ids[++ns] = a[2]; next }
			if (n == 3) opt[a[2] "." a[3]] = val(v)
			next
		}
		FILENAME ~ /\.hp$/ { p = index($0, "="); k = substr($0, 1, p - 1); if (split(k, a, ".") == 2) hsec[a[2]] = 1; next }
		FILENAME ~ /\.uh$/ { if ($0 ~ /\.listen_http=/) { v = val(substr($0, index($0, "=") + 1)); sub(/.*:/, "", v); listening[v] = 1 } next }
		END {
			printf "{\n\t\"sites\": ["
			out = 0
			for (i = 1; i <= ns; i++) {
				id = ids[i]; name = opt[id ".name"]
				if (name == "") continue
				domain = opt[id ".domain"]; port = opt[id ".port"]
				enabled = (id ".enabled") in opt ? opt[id ".enabled"] : "1"
				ssl = (id ".ssl") in opt ? opt[id ".ssl"] : "1"
				emancipated = (id ".emancipated") in opt ? opt[id ".emancipated"] : "0"
				vid = domain; gsub(/[^a-zA-Z0-9]/, "_", vid)
				running = (port != "" && (port in listening)) ? "true" : "false"
				printf "%s\n\t\t{\n\t\t\t\"id\": %s,\n\t\t\t\"name\": %s,\n\t\t\t\"domain\": %s", (out++ ? "," : ""), q(id), q(name), q(domain)
				if (mode == "list_sites") {
					printf ",\n\t\t\t\"gitea_repo\": %s,\n\t\t\t\"description\": \"\",\n\t\t\t\"ssl\": %s,\n\t\t\t\"enabled\": %s,\n\t\t\t\"has_content\": true,\n\t\t\t\"last_sync\": \"\",\n\t\t\t\"url\": %s", q(opt[id ".gitea_repo"]), b(ssl), b(enabled), q("https://" domain)
					if (port != "") printf ",\n\t\t\t\"port\": %d", port
					printf ",\n\t\t\t\"backend_running\": %s,\n\t\t\t\"waf_enabled\": false,\n\t\t\t\"emancipated\": %s,\n\t\t\t\"tor_enabled\": false\n\t\t}", running, b(emancipated)
				} else {
					cert = "none"
					if (domain != "" && ssl == "1") cert = index(certs, " " domain ".pem ") ? "valid" : "missing"
					printf ",\n\t\t\t\"enabled\": %s,\n\t\t\t\"emancipated\": %s,\n\t\t\t\"auth_required\": %s", b(enabled), b(emancipated), b(opt[id ".auth_required"])
					if (port != "") printf ",\n\t\t\t\"port\": %d", port
					printf ",\n\t\t\t\"vhost_exists\": %s,\n\t\t\t\"cert_status\": %s,\n\t\t\t\"backend_running\": %s,\n\t\t\t\"has_content\": true\n\t\t}", (domain != "" && (vid in hsec)) ? "true" : "false", q(cert), running
				}
			}
			printf "%s]\n}\n", (out ? "\n\t" : "")
		}
	' "$t.mb" "$t.hp" "$t.uh"
	rm -f "$t.mb" "$t.hp" "$t.uh"
	exit 0
}

# _healthy_call OBJ METHOD JSON: answers (and exits) for the methods above; returns for every other call
_healthy_call() {
	case "$1 $2" in
	"luci.metablogizer emancipate") _h_emancipate "$3" ;;
	"luci.metablogizer emancipate_status") _h_status "$3" ;;
	"luci.metablogizer unpublish_site") _h_unpublish "$3" ;;
	"luci.metablogizer list_sites" | "luci.metablogizer get_sites_exposure_status") _h_sites "$2" ;;
	esac
}
