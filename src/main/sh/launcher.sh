#!/bin/sh
# quiz: this file is a shell launcher followed by the quiz jar.
# A small heap that grows when needed and is given back: quiz watch stays under 100 MB.
exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss4m -Xms16m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=40 \
    -Dquiz.launcher="$0" ${QUIZ_JAVA_OPTS:-} -jar "$0" "$@"
