# What the bench scripts share: option checks, so that their errors read as every command's do
# (one line naming the option and the problem, exit 2), and a free port. Source it with CMD set
# to the command.

# usage_error MESSAGE
usage_error() { echo "userscale $CMD: $1 (try ./userscale $CMD --help)" >&2; exit 2; }
# value OPTION VALUE: the option's value; a usage error when it has none
value() { [[ -n "$2" && "$2" != --* ]] || usage_error "$1 needs a value"; printf '%s' "$2"; }
# count OPTION VALUE: a whole number of at least 1; a usage error naming the option otherwise
count() {
  [[ -n "$2" && "$2" != --* ]] || usage_error "$1 needs a value"
  [[ "$2" =~ ^[0-9]{1,9}$ ]] && (( 10#$2 >= 1 )) || usage_error "$1 must be a whole number of at least 1, got '$2'"
  printf '%d' "$((10#$2))"
}
# free_port: a TCP port on 127.0.0.1 that nothing listens on now
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
