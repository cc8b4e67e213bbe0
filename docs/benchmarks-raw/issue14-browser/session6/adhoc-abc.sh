#!/bin/bash
# one server; 20 viewers of each kind in turn; server CPU % of a core over 20 s
J=${J:-/work/main/target/edgecam.jar}
java ${JOPTS:-} -cp ${CP:-$J} dev.edgecam.cli.Main serve --source ${SRC:-test} --size 1280x720 --fps 30 --quality 80 --http-port 18500 --port 0 --rtsp-port 18554 --host 127.0.0.1 --max-clients 1000 --max-clients-per-address 1000 ${SERVE_ARGS:-} > /tmp/srv.log 2>&1 &
PID=$!; sleep 8
for kind in ${KINDS:-idle ws mjpeg ws mjpeg}; do
  case $kind in
    idle) sleep 1; true & ;;
    ws) java -cp /tmp/h WsViewers ws://127.0.0.1:18500/h264?format=annexb 20 30 > /tmp/ws.out & ;;
    fmp4) java -cp /tmp/h WsViewers ws://127.0.0.1:18500/h264?format=fmp4 20 30 > /tmp/ws.out & ;;
    mjpeg) java -jar $J bench http://127.0.0.1:18500/stream --clients 20 --warmup 3s --duration 25s > /tmp/mj.out 2>&1 & ;;
  esac
  C=$!; sleep 6
  echo "$kind $(/tmp/cpu.sh $PID 20) load $(cut -d' ' -f1 /proc/loadavg)"
  wait $C 2>/dev/null; sleep 2
done
kill $PID
