#!@BUSYBOX@ ash
# Login shell of the secubox integration-test account (written by test/integration/harness/system.ts).
# Every test SSH server (dropbear or sshd, one per test file) serves its own "box root"; dropbear resets PATH
# for its sessions, so the box is found from the server port in SSH_CONNECTION and its env file is sourced.
# Then the command runs in busybox ash, the shell OpenWrt uses: `ash -c "<quoted argv>"`.
p=${SSH_CONNECTION##* }
f=@PORTS_DIR@/$p
if [ -n "$p" ] && [ -r "$f" ]; then . "$f"; fi
exec @BUSYBOX@ ash "$@"
