now() { date -u +%Y-%m-%dT%H:%M:%SZ; }
hex() { hexdump -n "$1" -e "$1/1 \"%02x\"" /dev/urandom; }
( while true; do sleep 15; timeout 5 yes > /dev/null; done ) &
echo "{\"time\":\"$(now)\",\"level\":\"info\",\"service\":\"cart\",\"msg\":\"cart service listening\",\"port\":7070}"
last=""
while true; do
  r=$RANDOM
  c=""; [ -f /run/shop/checkout ] && c=$(cat /run/shop/checkout)
  if [ -n "$c" ] && [ "$c" != "$last" ]; then
    last=$c; t=${c% *}; method=POST; route=/api/cart/checkout
  else
    t=$(hex 16)
    case $((r % 3)) in
      0) method=GET; route=/api/cart ;;
      1) method=POST; route=/api/cart/items ;;
      2) method=DELETE; route=/api/cart/items/:id ;;
    esac
  fi
  s=$(hex 8)
  status=200; level=info; msg="request handled"
  if [ $((r % 11)) -eq 0 ]; then status=409; level=warn; msg="cart version conflict"; fi
  if [ $((r % 31)) -eq 0 ]; then status=500; level=error; msg="redis: connection reset by peer"; fi
  d=$(( r % 60 + 1 ))
  echo "{\"time\":\"$(now)\",\"level\":\"$level\",\"service\":\"cart\",\"msg\":\"$msg\",\"method\":\"$method\",\"route\":\"$route\",\"status\":$status,\"duration_ms\":$d,\"traceId\":\"$t\",\"spanId\":\"$s\"}"
  if [ $((r % 9)) -eq 0 ]; then echo "{\"time\":\"$(now)\",\"level\":\"warn\",\"service\":\"cart\",\"msg\":\"redis latency above threshold\",\"latency_ms\":$((r % 90 + 50))}"; fi
  usleep $(( 500000 + (r % 500) * 1000 ))
done
