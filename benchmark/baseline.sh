#!/usr/bin/env bash
# Builds an earlier commit of wsstream as one more server for the benchmark, so that today's build and that one are
# measured in the same run, alternating, under the same conditions (runs on different days differ by more than
# most changes do):
#
#   benchmark/baseline.sh <commit> [<name>]     then   benchmark/run.sh --sections=echo --servers=wsstream,wsstream@<name>,jetty
#
# The commit is built offline in a temporary git worktree (removed afterwards), and what the harness needs for its
# server wsstream@<name> is copied to benchmark/harness/target/baselines/<name>/ (name: the short commit by default):
# the distribution's executable jar (wsstream.jar) and the benchmark's handler bundles as that commit builds them
# (today's handler bundle may not resolve against an earlier API).
# MAVEN_REPO_LOCAL=DIR: the Maven local repository to build with (else Maven's default). The build only packages:
# nothing of the earlier commit is installed into the local repository, where its snapshots would replace today's.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: benchmark/baseline.sh <commit> [<name>]" >&2
  exit 2
fi
commit=$(git rev-parse --verify --quiet "$1^{commit}") || { echo "baseline.sh: no commit $1 in this repository" >&2; exit 2; }
name=${2:-$(git rev-parse --short "$commit")}
case "$name" in
  */* | .* | *,* | "") echo "baseline.sh: the name '$name' must be a plain folder name without ',' (it goes into --servers=)" >&2; exit 2 ;;
esac
out=benchmark/harness/target/baselines/$name

tmp=$(mktemp -d)
tree=$tmp/wsstream-$name
cleanup() {
  git worktree remove --force "$tree" 2>/dev/null || true
  git worktree prune
  rm -rf "$tmp"
}
trap cleanup EXIT
git worktree add --quiet --detach "$tree" "$commit"

# what the harness deploys into wsstream: the measured handlers, and the bundle the disturbance section deploys
modules=distribution
bundles=()
for module in wsstream-handlers wsstream-other; do
  if [ -f "$tree/benchmark/$module/pom.xml" ]; then
    modules="$modules,benchmark/$module"
    bundles+=("$module")
  fi
done
if [ ! -f "$tree/distribution/pom.xml" ] || [ ! -f "$tree/benchmark/wsstream-handlers/pom.xml" ]; then
  echo "baseline.sh: $1 has no distribution module or no benchmark/wsstream-handlers: the harness cannot run it" >&2
  exit 1
fi

echo "building $(git log --oneline -1 "$commit") in $tree"
if ! mvn -B -q -ntp -o ${MAVEN_REPO_LOCAL:+-Dmaven.repo.local="$MAVEN_REPO_LOCAL"} -f "$tree/pom.xml" \
    -pl "$modules" -am -DskipTests package; then
  echo "baseline.sh: the build of $1 failed (offline: an artifact it needs may be missing from the local repository)" >&2
  exit 1
fi

rm -rf "$out"
mkdir -p "$out"
cp "$tree/distribution/target/wsstream.jar" "$out/"
for module in "${bundles[@]}"; do
  # the module's bundle, without its sources or javadoc jars
  find "$tree/benchmark/$module/target" -maxdepth 1 -name "benchmark-$module-*.jar" \
    ! -name '*-sources.jar' ! -name '*-javadoc.jar' -exec cp {} "$out/" \;
done
# what the report says this server is: the short commit and the start of its subject
subject=$(git log -1 --format=%s "$commit")
[ ${#subject} -le 70 ] || subject="${subject:0:70}..."
echo "$(git rev-parse --short "$commit") \"$subject\"" > "$out/commit.txt"
echo "baseline $name: $(ls "$out" | tr '\n' ' ')"
echo "measure it with: benchmark/run.sh --sections=echo --servers=wsstream,wsstream@$name,jetty"
