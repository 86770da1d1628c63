# Shared by run.sh and alternate.sh (sourced): the JMeter home, the plans, nginx and the configurations.
# The caller sets here, module, work, THREADS, DURATION, INFLUXDB_PORT and NICE before calling these.

# Sets jmeter_home and jmeter_jar, or exits with what to run first.
find_jmeter() {
  command -v nginx >/dev/null || { echo "nginx is missing: apt-get install -y nginx-light" >&2; exit 2; }
  local config_json="$module/target/config.json"
  [[ -f $config_json ]] || { echo "no JMeter home: run ./mvnw -q -pl benchmarks -am install -DskipTests -Poverhead" >&2; exit 2; }
  jmeter_home=$(sed -n 's/.*"jmeterDirectoryPath":"\([^"]*\)".*/\1/p' "$config_json")
  jmeter_jar=$(ls "$jmeter_home"/bin/ApacheJMeter*.jar | head -1)
  [[ -f $jmeter_home/lib/ext/k6bridge-jmeter-0.1.0.jar ]] || { echo "k6bridge jar missing in $jmeter_home/lib/ext" >&2; exit 2; }
}

# The static body nginx serves, the listeners' XML and the no-op client's jar in lib/ext.
prepare_listeners() {
  mkdir -p "$work/www" "$work/noop"
  # A small static body, about the size of a small JSON API response.
  head -c 256 /dev/zero | tr '\0' 'k' > "$work/www/index.html"
  # k6bridge-gui: the listener as the GUI adds it, with a row for every key (JMeter copies them all for every sample).
  java -cp "$jmeter_home/lib/ext/*:$jmeter_home/lib/*" "$here/GuiTableListener.java" \
    > "$work/listener-k6bridge-gui.xml" 2>/dev/null
  cp "$here/listener-k6bridge.xml" "$here/listener-influxdb.xml" "$here/listener-noop.xml" "$work/"
  # noop-listener: a client that does nothing, compiled into lib/ext (an unused class for the other configurations).
  javac -nowarn -cp "$jmeter_home/lib/*:$jmeter_home/lib/ext/*" -d "$work/noop" "$here/NoOpBackendListenerClient.java"
  jar cf "$jmeter_home/lib/ext/k6bridge-overhead-noop.jar" -C "$work/noop" .
}

# write_plans <dir> <port>: one plan per listener, from the template, against nginx on <port>.
write_plans() {
  local dir=$1 port=$2 listener
  local values=(-e "s#@THREADS@#$THREADS#" -e "s#@DURATION@#$DURATION#" -e "s#@PORT@#$port#" -e "s#@INFLUXDB_PORT@#$INFLUXDB_PORT#")
  mkdir -p "$dir"
  for listener in none k6bridge k6bridge-gui influxdb noop; do
    if [[ $listener == none ]]; then
      sed '/<!--LISTENER-->/d' "$here/plan.jmx"
    else
      sed -e "/<!--LISTENER-->/r $work/listener-$listener.xml" -e '/<!--LISTENER-->/d' "$here/plan.jmx"
    fi | sed "${values[@]}" > "$dir/$listener.jmx"
  done
}

# start_nginx <dir> <port>: an nginx of its own under <dir>; prints its worker's pid.
start_nginx() {
  local dir=$1 port=$2 worker
  mkdir -p "$dir/tmp"
  sed -e "s#@PORT@#$port#" -e "s#@ROOT@#$work/www#" "$here/nginx.conf.template" > "$dir/nginx.conf"
  nice -n "$NICE" nginx -p "$dir/" -c "$dir/nginx.conf" -g 'daemon on;'
  for _ in $(seq 50); do [[ -n $(served "$port" 2>/dev/null) ]] && break; sleep 0.1; done
  curl -sf "http://127.0.0.1:$port/index.html" >/dev/null
  worker=$(pgrep -P "$(cat "$dir/nginx.pid")" | head -1)
  [[ -n $worker ]] || { echo "no nginx worker process found" >&2; exit 2; }
  echo "$worker"
}

# served <port>: the requests nginx on <port> has served (its stub_status counter; this read is one of them).
served() { curl -s "http://127.0.0.1:$1/nginx_status" | awk 'NR==3 {print $3}'; }

# listener_args <config> <port> <output file prefix>: sets plan and k6out for a configuration.
listener_args() {
  local config=$1 port=$2 files=$3
  k6out=()
  case $config in
    none) plan=none ;;
    influxdb) plan=influxdb ;;
    noop-listener) plan=noop ;;
    k6-engine) plan=k6bridge; k6out=(-JK6_OUT=) ;;
    k6-aggregating | k6-aggregating-gui) plan=k6bridge${config#k6-aggregating}
      k6out=(-JK6_OUT=experimental-prometheus-rw,web-dashboard
        "-JK6_PROMETHEUS_RW_SERVER_URL=http://127.0.0.1:$port/api/v1/write" -JK6_WEB_DASHBOARD_PORT=0) ;;
    k6-prw) plan=k6bridge; k6out=(-JK6_OUT=experimental-prometheus-rw
        "-JK6_PROMETHEUS_RW_SERVER_URL=http://127.0.0.1:$port/api/v1/write") ;;
    k6-dashboard) plan=k6bridge; k6out=(-JK6_OUT=web-dashboard -JK6_WEB_DASHBOARD_PORT=0) ;;
    k6-json) plan=k6bridge; k6out=("-JK6_OUT=json=$files.json") ;;
    k6-csv) plan=k6bridge; k6out=("-JK6_OUT=csv=$files.csv") ;;
    k6-jsongz) plan=k6bridge; k6out=("-JK6_OUT=json=$files.json.gz") ;;
    *) echo "unknown config $config" >&2; exit 2 ;;
  esac
}

# jmeter_command <plan file> <log> [-J...]: runs JMeter headless (from a subshell: it execs).
jmeter_command() {
  local plan=$1 log=$2; shift 2
  cd "$jmeter_home/bin" && exec env -u K6_OUT nice -n "$NICE" java -Xms1g -Xmx1g -XX:MaxMetaspaceSize=256m \
    -jar "$jmeter_jar" -n -t "$plan" -j "$log" -Jhttpclient.reset_state_on_thread_group_iteration=false "$@"
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; } # utime + stime of a process

# A results file's lines on the machine, JMeter and the plugin jar.
header_facts() {
  echo "# machine: $(nproc) cores, $(uname -sr); $(java -version 2>&1 | head -1); $(nginx -v 2>&1)"
  echo "# JMeter: $(basename "$jmeter_jar"), heap -Xms1g -Xmx1g, httpclient.reset_state_on_thread_group_iteration=false"
  local jar="$jmeter_home/lib/ext/k6bridge-jmeter-0.1.0.jar"
  echo "# plugin: lib/ext/k6bridge-jmeter-0.1.0.jar sha256 $(sha256sum "$jar" | cut -c1-16), $(stat -c '%s bytes, %y' "$jar");" \
    "repo HEAD $(git -C "$module" rev-parse --short HEAD 2>/dev/null || echo '?')"
}

# With SUMMARIZE="<results file> ...": recomputes the summary of finished runs of one configuration set from their
# lines (the caller's summarize), pooled, each file's rounds numbered on from the previous file's, and exits. The
# files are not changed: the summary is worked out in a temporary file and printed.
summarize_finished() {
  [[ -n ${SUMMARIZE:-} ]] || return 0
  local files f
  read -r -a files <<< "$SUMMARIZE"
  out=$(mktemp)
  trap 'rm -f "$out"' EXIT
  grep '^#' "${files[0]}" > "$out" # the caller's summarize may read the header
  read -r -a configs < <(sed -n 's/^# rounds=.* configs: //p' "$out")
  for f in "${files[@]}"; do
    awk -v o="$(awk '$1 ~ /^[0-9]+$/ && $1 > m {m = $1} END {print m + 0}' "$out")" \
      '$1 ~ /^[0-9]+$/ {$1 += o; print}' "$f" >> "$out"
  done
  summarize
  exit 0
}

median() { sort -g | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
# A distribution-free 95 % confidence interval for the median: the k-th smallest and k-th largest of n, with the
# largest k whose binomial tail P(Bin(n, 1/2) < k) is at most 2.5 %; "-" when n < 6.
interval() { sort -g | awk 'NF {v[++n] = $1} END {p = 0.5 ^ n; t = p; k = 0
  for (i = 1; t <= 0.025; i++) {k = i; p = p * (n - i + 1) / i; t += p}
  if (k) printf "%.1f-%.1f", v[k], v[n - k + 1]; else printf "-"}'; }

# The per-thread perf stat file of one window, per request: "all s/o/n/j/g/r" in thousands of <event>.
# Threads: s the sampler threads (the plan's "load 1-1"...), o the listener's own (k6bridge-*, OkHttp), n nginx,
# j the JIT compilers, g GC, r the rest.
perf_parts() { # file requests event
  awk -F, -v q="$2" -v ev="$3" '$4 ~ "^" ev && $2 ~ /^[0-9]+$/ {
      n = $1; sub(/-[0-9]+$/, "", n); all += $2
      if (n ~ /^load /) s += $2; else if (n ~ /^(k6bridge|OkHttp)/) o += $2; else if (n ~ /^nginx/) x += $2
      else if (n ~ /Compiler/) j += $2; else if (n ~ /^(GC|G1)/) g += $2; else r += $2 }
    END {if (all) printf "%.1f s%.1f/o%.1f/n%.1f/j%.1f/g%.1f/r%.1f\n", all / q / 1000, s / q / 1000, o / q / 1000, x / q / 1000, j / q / 1000, g / q / 1000, r / q / 1000}' "$1"
}
