now() { date -u +%Y-%m-%dT%H:%M:%SZ; }
hex() { hexdump -n "$1" -e "$1/1 \"%02x\"" /dev/urandom; }
echo "ts=$(now) level=info caller=main.go:41 msg=\"starting frontend\" version=1.8.2 listen=:8080"
while true; do
  r=$RANDOM
  t=$(hex 16); s=$(hex 8)
  case $((r % 6)) in
    0) method=GET; route=/ ;;
    1|2) method=GET; route=/api/products ;;
    3) method=GET; route=/api/products/:id ;;
    4) method=POST; route=/api/cart ;;
    5) method=POST; route=/api/checkout ;;
  esac
  status=200; level=info; msg="request completed"
  if [ $((r % 13)) -eq 0 ]; then status=404; level=warn; msg="route not found"; fi
  if [ $((r % 29)) -eq 0 ]; then status=500; level=error; msg="upstream call failed"; fi
  d=$(( r % 180 + 3 ))
  if [ "$route" = "/api/checkout" ] && [ $status = 200 ]; then echo "$t $s" > /run/shop/checkout.tmp && mv /run/shop/checkout.tmp /run/shop/checkout; fi
  echo "ts=$(now) level=$level caller=http.go:88 msg=\"$msg\" method=$method route=$route status=$status duration_ms=$d trace_id=$t span_id=$s"
  usleep $(( 500000 + (r % 500) * 1000 ))
done
