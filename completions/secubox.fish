# fish completion for secubox. Every answer comes from `secubox __complete -- <words...>` (the command tree,
# the inventory and a local cache of names seen on the boxes; no network on TAB). Install one of:
#   secubox completion fish > ~/.config/fish/completions/secubox.fish
#   secubox completion fish | source

function __secubox_complete
    set -l tokens (commandline -opc)
    set -l current (commandline -ct)
    set -l cmd $tokens[1]
    set -e tokens[1]
    for line in (command $cmd __complete -- $tokens $current 2>/dev/null)
        switch $line
            case ''
            case ':nospace'
            case ':files'
                __fish_complete_path $current
            case '*'
                printf '%s\n' $line
        end
    end
end

complete -c secubox -f -a '(__secubox_complete)'
