#!/bin/sh
# quiz: this file is a shell launcher followed by the quiz jar.
# A small heap that grows when needed and is given back: quiz watch stays under 100 MB.
# quiz setup archives the classes a run loads, parsed and verified, in a class data sharing
# archive named after this file and the java that runs it; with it, the JVM maps them in rather
# than loading each. The store's place is said again here, before Java runs.
java=$(command -v java)
classes="${QUIZ_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/quiz}/cache/classes$(stat -L --printf=-%d.%i.%s.%Y "$0" "$java" 2>/dev/null).jsa"
[ -f "$classes" ] && shared=-XX:SharedArchiveFile=
exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss4m -Xms16m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=40 \
    ${shared:+"$shared$classes"} -Xlog:cds=off -Dquiz.classes="$classes" \
    -Dquiz.launcher="$0" ${QUIZ_JAVA_OPTS:-} -jar "$0" "$@"
