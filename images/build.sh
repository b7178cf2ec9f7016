#!/usr/bin/env bash
# Build Hookwarden's images without a container daemon or a registry:
#   operator, ingest-runtime  (published: the chart's default image names, tag = Chart appVersion)
#   postgres, elasticmq       (test-only: the in-cluster PostgreSQL and SQS of e2e/install.sh)
#   operator-e2e, ingest-runtime-e2e  (test-only: the same layers, plus placeholder AWS credentials
#                             for the default chain, which ElasticMQ accepts)
#   event-sink                (test-only: the e2e run's delivery target, images/sink)
#   pause                     (test-only: the local node's pod sandbox)
# Base layers come from Debian packages (debootstrap --variant=minbase, pruned) and a JRE jlink'd
# from this machine's JDK 17; both are cached under ~/.cache/hookwarden/images by what they are
# made of. umoci assembles OCI images from deterministic tar layers; skopeo writes each one as a
# docker-archive tarball (what `ctr images import`, `docker load` and `kind load image-archive`
# take) to OUT/<name>.tar, plus OUT/images.env naming them.
#
# Usage: images/build.sh [OUT]     (default OUT: images/target). Run as root (debootstrap chroots),
#        after `./mvnw package` of operator and ingest-runtime.
# Needs: debootstrap umoci skopeo (Debian packages), jlink (JDK 17), the apt source of this machine.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
OUT="$(mkdir -p "${1:-$HERE/target}" && cd "${1:-$HERE/target}" && pwd)"
CACHE="${HW_IMAGES_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/hookwarden/images}"
T_START=$SECONDS

log() { printf '[images %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
for tool in debootstrap umoci skopeo jlink tar sha256sum; do
  command -v "$tool" >/dev/null || die "$tool is missing (apt-get install debootstrap umoci skopeo openjdk-17-jdk-headless)"
done
((EUID == 0)) || die "debootstrap needs root"

# ---------------------------------------------------------------- what the images are made of
SUITE=bookworm
# the machine's own Debian mirror (deb822 or one-line sources)
MIRROR="${HW_DEBIAN_MIRROR:-$(sed -n 's/^URIs: *\([^ ]*\/debian\)$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1)}"
[[ -n "$MIRROR" ]] || MIRROR="$(awk '$1=="deb" && $3=="'"$SUITE"'" {print $2; exit}' /etc/apt/sources.list 2>/dev/null)"
[[ -n "$MIRROR" ]] || die "no Debian mirror found in /etc/apt/sources.list*: set HW_DEBIAN_MIRROR"
POSTGRES_PACKAGES=postgresql-15
# Java modules of the Quarkus apps and ElasticMQ (jdeps over their jars, plus the providers they
# load reflectively: EC crypto, DNS naming, zipfs, locales).
JAVA_MODULES=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.management.rmi,java.naming,java.net.http,java.prefs,java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml,java.xml.crypto,jdk.crypto.cryptoki,jdk.crypto.ec,jdk.httpserver,jdk.jfr,jdk.management,jdk.management.jfr,jdk.naming.dns,jdk.net,jdk.unsupported,jdk.zipfs,jdk.localedata
# Every image runs as this uid (the chart's and the operator's pod securityContext).
APP_UID=10001
VERSION="$(sed -n 's/^appVersion: *"\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$ROOT/helm/Chart.yaml")"
ELASTICMQ_VERSION="$(sed -n 's:.*<elasticmq.version>\(.*\)</elasticmq.version>.*:\1:p' "$ROOT/pom.xml")"
REGISTRY="${HW_IMAGE_REGISTRY:-ghcr.io/hookwarden}"
TEST_REGISTRY=hookwarden.local/e2e
REVISION="$(git -C "$ROOT" rev-parse HEAD 2>/dev/null || echo unknown)"
# Reproducible: every timestamp is the commit's.
CREATED="$(date -u -d "@$(git -C "$ROOT" log -1 --format=%ct 2>/dev/null || echo 0)" +%Y-%m-%dT%H:%M:%SZ)"
SOURCE_URL="$(sed -n 's/^home: *//p' "$ROOT/helm/Chart.yaml")"

# Deterministic layer tarballs: sorted, epoch mtimes, numeric owners.
TAR=(tar --sort=name --mtime=@0 --numeric-owner --format=gnu)
key_of() { printf '%s\n' "$@" | sha256sum | cut -c1-16; }
# A cached layer: CACHED_TAR names it; true when it is already there (else build it in CACHED_DIR).
cached() { # name key
  CACHED_TAR="$CACHE/$1-$2.tar"
  CACHED_DIR="$CACHE/$1-$2.d"
  [[ -s "$CACHED_TAR" ]] && return 0
  rm -rf "$CACHED_DIR"
  mkdir -p "$CACHED_DIR"
  return 1
}
# Writes the layer from CACHED_DIR to CACHED_TAR (atomically) and removes the directory.
seal() { # tar options...
  "${TAR[@]}" "$@" -C "$CACHED_DIR" -cf "$CACHED_TAR.tmp" .
  mv "$CACHED_TAR.tmp" "$CACHED_TAR"
  rm -rf "$CACHED_DIR"
}

# ---------------------------------------------------------------- cached base layers
# Debian minbase (+ packages), pruned of apt state, docs, man pages and locales, with the app user.
rootfs_layer() { # name packages(comma-separated or empty) -> prints the layer tar's path
  local name=$1 packages=$2 dir
  # rootfs-v1: the pruning below
  if ! cached "rootfs-$name" "$(key_of "$SUITE" minbase "$packages" "$MIRROR" "$APP_UID" rootfs-v1)"; then
    dir="$CACHED_DIR"
    mkdir -p "$CACHE/debs"
    log "debootstrap $SUITE minbase ${packages:++ $packages }from $MIRROR (cached afterwards as $CACHED_TAR)"
    debootstrap --variant=minbase ${packages:+--include="$packages"} --cache-dir="$CACHE/debs" \
      "$SUITE" "$dir" "$MIRROR" >"$dir.log" 2>&1 || die "debootstrap failed: $(tail -5 "$dir.log")"
    rm -rf "$dir"/var/cache/apt/* "$dir"/var/lib/apt/lists/* "$dir"/var/log/* "$dir"/usr/share/doc/* \
      "$dir"/usr/share/man/* "$dir"/usr/share/info/* "$dir"/var/cache/debconf/*-old "$dir"/tmp/* "$dir"/root/.[!.]* \
      "$dir"/var/lib/postgresql/* "$dir"/etc/postgresql/* 2>/dev/null || true # no cluster a postinst made
    find "$dir/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} +
    echo "hookwarden:x:$APP_UID:$APP_UID:hookwarden:/nonexistent:/usr/sbin/nologin" >>"$dir/etc/passwd"
    echo "hookwarden:x:$APP_UID:" >>"$dir/etc/group"
    seal --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*'
  fi
  echo "$CACHED_TAR"
}

# /opt/java: a JRE jlink'd from this machine's JDK 17 (Debian's openjdk-17 package here).
jre_layer() {
  local jdk
  jdk="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p')"
  if ! cached jre "$(key_of "$jdk" "$JAVA_MODULES" jre-v1)"; then
    log "jlink JRE $jdk ($JAVA_MODULES)"
    mkdir -p "$CACHED_DIR/opt"
    jlink --add-modules "$JAVA_MODULES" --include-locales=en --strip-debug --no-man-pages \
      --no-header-files --compress=2 --output "$CACHED_DIR/opt/java"
    seal --owner=0 --group=0 --mode='u+rwX,go+rX,go-w'
  fi
  echo "$CACHED_TAR"
}

# ---------------------------------------------------------------- image assembly
WORK="$OUT/work"
LAYOUT="$OUT/oci"
rm -rf "$WORK" "$LAYOUT" "$OUT"/*.tar "$OUT/images.env"
mkdir -p "$WORK"
umoci init --layout "$LAYOUT"

# A layer with the files of SRC at TARGET (a path without the leading /), root-owned, read-only.
dir_layer() { # src target out.tar
  local src=$1 target=$2 stage
  stage="$WORK/stage-$(basename "$3" .tar)"
  rm -rf "$stage"
  mkdir -p "$stage/$target"
  cp -a "$src/." "$stage/$target/"
  "${TAR[@]}" --owner=0 --group=0 --mode='u+rwX,go+rX,go-w' -C "$stage" -cf "$3" .
  rm -rf "$stage"
}
new_image() { umoci new --image "$LAYOUT:$1"; }
add_layer() { # tag tar what
  umoci raw add-layer --image "$LAYOUT:$1" --history.created "$CREATED" --history.created_by "$3" "$2"
}
configure() { # tag title description entrypoint-json-words... (after --)
  local tag=$1 title=$2 description=$3
  shift 3
  local args=(--image "$LAYOUT:$tag" --created "$CREATED" --history.created "$CREATED"
    --config.user "$APP_UID:$APP_UID" --config.env LANG=C.UTF-8
    --config.label "org.opencontainers.image.title=$title"
    --config.label "org.opencontainers.image.description=$description"
    --config.label "org.opencontainers.image.version=$VERSION"
    --config.label "org.opencontainers.image.revision=$REVISION"
    --config.label "org.opencontainers.image.source=$SOURCE_URL"
    --config.label "org.opencontainers.image.created=$CREATED"
    --config.label "org.opencontainers.image.vendor=Hookwarden")
  umoci config "${args[@]}" "$@"
}
java_env=(--config.env JAVA_HOME=/opt/java
  --config.env PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin)
export_image() { # tag reference
  skopeo copy --quiet "oci:$LAYOUT:$1" "docker-archive:$OUT/$1.tar:$2"
  local compressed archive
  # the manifest's sizes after the config's: the gzip'd layers a registry would hold
  compressed="$(skopeo inspect --raw "oci:$LAYOUT:$1" | grep -o '"size": *[0-9]*' | tail -n +2 | awk -F: '{s += $2} END {print s}')"
  archive="$(stat -c %s "$OUT/$1.tar")"
  printf '%s=%s\n' "$(tr a-z- A-Z_ <<<"$1")_IMAGE" "$2" >>"$OUT/images.env"
  log "$2: $((compressed / 1048576)) MiB compressed, $((archive / 1048576)) MiB as $OUT/$1.tar"
}

base="$(rootfs_layer minbase "")"
jre="$(jre_layer)"

quarkus_image() { # tag module title description
  local tag=$1 app="$ROOT/$2/target/quarkus-app"
  [[ -s "$app/quarkus-run.jar" ]] || die "$app/quarkus-run.jar is missing: ./mvnw -B package -pl $2 -am -DskipTests first"
  new_image "$tag"
  add_layer "$tag" "$base" "debootstrap --variant=minbase $SUITE"
  add_layer "$tag" "$jre" "jlink $JAVA_MODULES"
  # dependencies first: a code change rebuilds only the small layer
  dir_layer "$app/lib" deployments/lib "$WORK/$tag-lib.tar"
  add_layer "$tag" "$WORK/$tag-lib.tar" "quarkus-app/lib"
  mkdir -p "$WORK/$tag-app"
  cp -a "$app/quarkus-run.jar" "$app/app" "$app/quarkus" "$WORK/$tag-app/"
  dir_layer "$WORK/$tag-app" deployments "$WORK/$tag-app.tar"
  add_layer "$tag" "$WORK/$tag-app.tar" "quarkus-app"
  # -XX:-UsePerfData: nothing written to /tmp/hsperfdata (a read-only root needs no emptyDir for it)
  configure "$tag" "$3" "$4" "${java_env[@]}" --config.workingdir /deployments --config.exposedports 8080/tcp \
    --config.entrypoint java --config.entrypoint -XX:MaxRAMPercentage=75 --config.entrypoint -XX:-UsePerfData \
    --config.entrypoint -jar --config.entrypoint /deployments/quarkus-run.jar
  export_image "$tag" "$REGISTRY/$tag:$VERSION"
}
quarkus_image operator operator "Hookwarden operator" "Turns each WebhookSource into queues, Deployments and a Service"
quarkus_image ingest-runtime ingest-runtime "Hookwarden ingest runtime" "Verifies, queues and delivers webhooks (serve, worker)"

# ---------------------------------------------------------------- test-only images
# The local node has no IRSA: the AWS default chain finds placeholder keys (ElasticMQ takes any).
for tag in operator ingest-runtime; do
  umoci config --image "$LAYOUT:$tag" --tag "$tag-e2e" --created "$CREATED" --history.created "$CREATED" \
    --config.env AWS_ACCESS_KEY_ID=e2e --config.env AWS_SECRET_ACCESS_KEY=e2e
  export_image "$tag-e2e" "$TEST_REGISTRY/$tag:$VERSION"
done

mkdir -p "$WORK/event-sink/classes"
javac --release 17 -d "$WORK/event-sink/classes" "$HERE/sink/EventSink.java"
dir_layer "$WORK/event-sink/classes" opt/event-sink "$WORK/event-sink.tar"
new_image event-sink
add_layer event-sink "$base" "debootstrap --variant=minbase $SUITE"
add_layer event-sink "$jre" "jlink $JAVA_MODULES"
add_layer event-sink "$WORK/event-sink.tar" "EventSink"
configure event-sink "Event sink (Hookwarden e2e)" "Records every CloudEvent delivered to it by ce-id" \
  "${java_env[@]}" --config.workingdir / --config.exposedports 8080/tcp \
  --config.entrypoint java --config.entrypoint -XX:-UsePerfData --config.entrypoint -Xmx64m \
  --config.entrypoint -cp --config.entrypoint /opt/event-sink --config.entrypoint EventSink
export_image event-sink "$TEST_REGISTRY/event-sink:$VERSION"

log "ElasticMQ $ELASTICMQ_VERSION server and its dependencies (Maven)"
"$ROOT/mvnw" -B -q -f "$HERE/elasticmq/pom.xml" -Delasticmq.version="$ELASTICMQ_VERSION" \
  dependency:copy-dependencies -DoutputDirectory="$WORK/elasticmq/lib" -Dmdep.useRepositoryLayout=false
mkdir -p "$WORK/elasticmq-etc"
cp "$HERE/elasticmq/elasticmq.conf" "$WORK/elasticmq-etc/"
new_image elasticmq
add_layer elasticmq "$base" "debootstrap --variant=minbase $SUITE"
add_layer elasticmq "$jre" "jlink $JAVA_MODULES"
dir_layer "$WORK/elasticmq/lib" opt/elasticmq/lib "$WORK/elasticmq-lib.tar"
add_layer elasticmq "$WORK/elasticmq-lib.tar" "elasticmq-server $ELASTICMQ_VERSION"
dir_layer "$WORK/elasticmq-etc" etc/elasticmq "$WORK/elasticmq-etc.tar"
add_layer elasticmq "$WORK/elasticmq-etc.tar" "elasticmq.conf"
configure elasticmq "ElasticMQ (Hookwarden e2e)" "SQS-compatible queue server for the in-cluster e2e run" \
  "${java_env[@]}" --config.workingdir / --config.exposedports 9324/tcp \
  --config.entrypoint java --config.entrypoint -XX:-UsePerfData \
  --config.entrypoint -Dconfig.file=/etc/elasticmq/elasticmq.conf \
  --config.entrypoint -cp --config.entrypoint '/opt/elasticmq/lib/*' --config.entrypoint org.elasticmq.server.Main
export_image elasticmq "$TEST_REGISTRY/elasticmq:$ELASTICMQ_VERSION"

pgbase="$(rootfs_layer postgres "$POSTGRES_PACKAGES")"
mkdir -p "$WORK/postgres-bin"
install -m 0755 "$HERE/postgres/entrypoint.sh" "$WORK/postgres-bin/hookwarden-postgres"
new_image postgres
add_layer postgres "$pgbase" "debootstrap --variant=minbase --include=$POSTGRES_PACKAGES $SUITE"
dir_layer "$WORK/postgres-bin" usr/local/bin "$WORK/postgres-bin.tar"
add_layer postgres "$WORK/postgres-bin.tar" "entrypoint"
configure postgres "PostgreSQL (Hookwarden e2e)" "PostgreSQL 15 from Debian for the in-cluster e2e run" \
  --config.workingdir / --config.env PGDATA=/var/lib/postgresql/data --config.exposedports 5432/tcp \
  --config.entrypoint /usr/local/bin/hookwarden-postgres
export_image postgres "$TEST_REGISTRY/postgres:15"

# pause: the static program e2e/local-control-plane/build.sh --node builds
PAUSE_BIN="${HW_PAUSE_BIN:-$("$ROOT/e2e/local-control-plane/build.sh" --print-bin-dir)/pause}"
if [[ -x "$PAUSE_BIN" ]]; then
  mkdir -p "$WORK/pause"
  cp "$PAUSE_BIN" "$WORK/pause/pause"
  dir_layer "$WORK/pause" . "$WORK/pause.tar"
  new_image pause
  add_layer pause "$WORK/pause.tar" "pause"
  configure pause "pause (Hookwarden e2e)" "Pod sandbox process of the local node" --config.workingdir / \
    --config.entrypoint /pause
  export_image pause "$TEST_REGISTRY/pause:1"
else
  log "no pause image: $PAUSE_BIN is not built (e2e/local-control-plane/build.sh --node)"
fi

umoci gc --layout "$LAYOUT"
rm -rf "$WORK"
log "images in $OUT ($((SECONDS - T_START)) s)"
