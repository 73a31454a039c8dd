# awk helpers of the `uci` shim (busybox awk). One program, selected with -v mode=...:
#   mode=batch    one `uci batch` line on stdin -> one directive:
#                   D<TAB>cfg<TAB>change   (a line in `uci changes` format)
#                   A<TAB>cfg<TAB>type     add an anonymous section
#                   C<TAB>cfg              commit ('' = all)
#                   R<TAB>path             revert
#                   E<TAB>message          error
#   mode=show     files: CHANGES SHOW -> SHOW with the changes applied
#   mode=value    one `uci show` line on stdin -> the value as `uci get` prints it
#   mode=export   `uci show` lines on stdin -> `uci export` text (package name in -v pkg=...)

# uci's own quoting: '...' with ' written as '\''
function q(s,   out, i, c) {
	out = ""
	for (i = 1; i <= length(s); i++) {
		c = substr(s, i, 1)
		if (c == "'") out = out "'\\''"
		else out = out c
	}
	return "'" out "'"
}

# Split a line into words like uci's parser: '...' literal, "..." with \ escapes, bare words with \ escapes.
function tokenize(line,   i, c, n, w, inw, mode_) {
	n = 0; w = ""; inw = 0; mode_ = ""
	for (i = 1; i <= length(line); i++) {
		c = substr(line, i, 1)
		if (mode_ == "'") { if (c == "'") mode_ = ""; else w = w c; continue }
		if (mode_ == "\"") {
			if (c == "\\" && i < length(line)) { i++; w = w substr(line, i, 1) }
			else if (c == "\"") mode_ = ""
			else w = w c
			continue
		}
		if (c == " " || c == "\t") { if (inw) { tok[++n] = w; w = ""; inw = 0 } continue }
		inw = 1
		if (c == "'" || c == "\"") { mode_ = c; continue }
		if (c == "\\" && i < length(line)) { i++; w = w substr(line, i, 1); continue }
		w = w c
	}
	if (inw) tok[++n] = w
	return n
}

function keyof(l,   p) { p = index(l, "="); return p ? substr(l, 1, p - 1) : l }
function ndots(s,   t) { t = s; return gsub(/\./, ".", t) }

function batch_line(line,   n, cmd, arg, p, path, val, cfg) {
	n = tokenize(line)
	if (n == 0) return
	cmd = tok[1]; arg = (n >= 2) ? tok[2] : ""
	if (cmd == "commit") { print "C\t" arg; return }
	if (cmd == "revert") { print "R\t" arg; return }
	if (cmd == "add") { if (n < 3) { print "E\tInvalid argument"; return } print "A\t" arg "\t" tok[3]; return }
	if (cmd == "reorder") return
	p = index(arg, "=")
	path = p ? substr(arg, 1, p - 1) : arg
	val = p ? substr(arg, p + 1) : ""
	cfg = path; sub(/\..*/, "", cfg)
	if (path == "" || cfg == "") { print "E\tInvalid argument"; return }
	if (cmd == "set") { if (!p) { print "E\tInvalid argument"; return } print "D\t" cfg "\t" path "=" q(val); return }
	if (cmd == "add_list") { if (!p || ndots(path) != 2) { print "E\tInvalid argument"; return } print "D\t" cfg "\t" path "+=" q(val); return }
	if (cmd == "del_list") { if (!p || ndots(path) != 2) { print "E\tInvalid argument"; return } print "D\t" cfg "\t" path "-=" q(val); return }
	if (cmd == "delete") { print "D\t" cfg "\t-" path; return }
	if (cmd == "rename") { if (!p) { print "E\tInvalid argument"; return } print "D\t" cfg "\t@" path "=" q(val); return }
	print "E\tUnknown command: " cmd
}

# -- mode=show ---------------------------------------------------------------------------------------------
function findkey(k,   j) { for (j = 1; j <= m; j++) if (!dead[j] && keyof(lines[j]) == k) return j; return 0 }
function insert_after_section(k, line,   sec, j, last) {
	sec = k
	if (ndots(k) == 2) sub(/\.[^.]*$/, "", sec)
	last = 0
	for (j = 1; j <= m; j++) if (!dead[j] && (keyof(lines[j]) == sec || index(keyof(lines[j]), sec ".") == 1)) last = j
	if (last == 0) { lines[++m] = line; return }
	for (j = m; j > last; j--) { lines[j + 1] = lines[j]; dead[j + 1] = dead[j] }
	lines[last + 1] = line; dead[last + 1] = 0; m++
}
function unq1(v,   n) { n = tokenize(v); return n ? tok[1] : "" }
function apply(c,   k, v, p, j, s, item) {
	if (substr(c, 1, 1) == "-") {
		k = substr(c, 2)
		for (j = 1; j <= m; j++) if (keyof(lines[j]) == k || index(keyof(lines[j]), k ".") == 1) dead[j] = 1
		return
	}
	if (substr(c, 1, 1) == "@") return  # rename: recorded in `uci changes`, not applied to the view
	p = index(c, "="); k = substr(c, 1, p - 1); v = substr(c, p + 1)
	if (substr(k, length(k)) == "+") {
		k = substr(k, 1, length(k) - 1); j = findkey(k)
		if (j) lines[j] = lines[j] " " v; else insert_after_section(k, k "=" v)
		return
	}
	if (substr(k, length(k)) == "-") {
		k = substr(k, 1, length(k) - 1); j = findkey(k)
		if (!j) return
		s = " " substr(lines[j], length(k) + 2) " "; item = " " v " "
		p = index(s, item)
		if (p) s = substr(s, 1, p) substr(s, p + length(item))
		gsub(/^ +| +$/, "", s)
		if (s == "") dead[j] = 1; else lines[j] = k "=" s
		return
	}
	if (ndots(k) == 1) line_ = k "=" unq1(v); else line_ = k "=" v
	j = findkey(k)
	if (j) lines[j] = line_; else insert_after_section(k, line_)
}

# -- mode=value / export -------------------------------------------------------------------------------------
function joinwords(v,   n, i, out) {
	n = tokenize(v); out = ""
	for (i = 1; i <= n; i++) out = out (i > 1 ? " " : "") tok[i]
	return out
}

# In export mode, -v ref=FILE names the recorded `uci export` of the config: options written there as `list`
# stay lists even with one value (`uci show` cannot tell a one-value list from an option).
function read_ref(   line, n, typ, sec) {
	if (ref == "") return
	while ((getline line < ref) > 0) {
		if (line ~ /^config /) {
			n = tokenize(line); typ = tok[2]
			if (n >= 3) sec = tok[3]
			else sec = "@" typ "[" (0 + tcount[typ]) "]"
			tcount[typ]++
			continue
		}
		if (line ~ /^\tlist /) { n = tokenize(line); islist[sec "." tok[2]] = 1 }
	}
	close(ref)
}

BEGIN { m = 0; nch = 0; cur = ""; if (mode == "export") read_ref() }
mode == "batch" { batch_line($0); next }
mode == "show" && FNR == NR { if (FNR > 1) ch[++nch] = $0; next }  # line 1 of CHANGES is a header, so it is never empty
mode == "show" { lines[++m] = $0; dead[m] = 0; next }
mode == "value" { p = index($0, "="); k = substr($0, 1, p - 1); v = substr($0, p + 1); print (ndots(k) == 2 ? joinwords(v) : v); next }
mode == "export" {
	p = index($0, "="); k = substr($0, 1, p - 1); v = substr($0, p + 1)
	if (ndots(k) == 1) {
		if (cur != "") printf "\n"
		cur = k; name = k; sub(/^[^.]*\./, "", name)
		if (name ~ /^@/) printf "config %s\n", v
		else printf "config %s %s\n", v, q(name)
		next
	}
	opt = k; sub(/^.*\./, "", opt)
	n = tokenize(v)
	if (n == 1 && !((name "." opt) in islist)) printf "\toption %s %s\n", opt, q(tok[1])
	else for (i = 1; i <= n; i++) printf "\tlist %s %s\n", opt, q(tok[i])
	next
}
END {
	if (mode == "show") {
		for (i = 1; i <= nch; i++) apply(ch[i])
		for (j = 1; j <= m; j++) if (!dead[j]) print lines[j]
	}
	if (mode == "export" && cur != "") printf "\n"
}
