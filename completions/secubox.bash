# bash completion for secubox                                       -*- shell-script -*-
# Every answer comes from `secubox __complete -- <words...>` (the command tree, the inventory and a local
# cache of names seen on the boxes; no network on TAB). Install one of:
#   secubox completion bash > ~/.local/share/bash-completion/completions/secubox
#   echo 'source <(secubox completion bash)' >> ~/.bashrc

_secubox() {
    local line=${COMP_LINE:0:COMP_POINT} pos=0 j w rest trimmed start
    local -a words=()
    # Rebuild the words bash split at COMP_WORDBREAKS (`--box=r1` is three words for bash): words that touch
    # in the line (no blank between them) are one word for secubox.
    for (( j = 0; j <= COMP_CWORD; j++ )); do
        w=${COMP_WORDS[j]}
        rest=${line:pos}
        trimmed=${rest#"${rest%%[![:space:]]*}"}
        start=$(( pos + ${#rest} - ${#trimmed} ))
        if (( j > 0 )); then
            if (( start == pos && ${#words[@]} > 0 )); then
                words[${#words[@]}-1]+=$w
            else
                words+=("$w")
            fi
        fi
        pos=$(( start + ${#w} ))
    done
    (( ${#words[@]} )) || words=("")
    local cur=${words[${#words[@]}-1]}

    local out
    out=$("${COMP_WORDS[0]}" __complete -- "${words[@]}" 2>/dev/null) || return 0

    # bash replaces only the part of the word after its last break character (`=` or `:`).
    local prefix="" p
    if [[ $COMP_WORDBREAKS == *=* && $cur == *=* ]]; then prefix=${cur%"${cur##*=}"}; fi
    if [[ $COMP_WORDBREAKS == *:* && $cur == *:* ]]; then
        p=${cur%"${cur##*:}"}
        (( ${#p} > ${#prefix} )) && prefix=$p
    fi

    COMPREPLY=()
    local files=0 nospace=0 value
    while IFS= read -r line; do
        case $line in
            '') ;;
            :files) files=1 ;;
            :nospace) nospace=1 ;;
            *)
                value=${line%%$'\t'*}
                COMPREPLY+=("${value#"$prefix"}")
                ;;
        esac
    done <<<"$out"

    if (( files )); then
        compopt -o filenames 2>/dev/null
        local f
        while IFS= read -r f; do COMPREPLY+=("$f"); done < <(compgen -f -- "${cur#"$prefix"}")
    fi
    (( nospace )) && compopt -o nospace 2>/dev/null
    return 0
}

complete -F _secubox secubox
