#!/bin/sh
# quiz: this file is a shell launcher followed by the quiz jar.
exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss4m -Dquiz.launcher="$0" ${QUIZ_JAVA_OPTS:-} -jar "$0" "$@"
