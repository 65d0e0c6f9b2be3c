now() { date -u +%Y-%m-%dT%H:%M:%S.000Z; }
hex() { hexdump -n "$1" -e "$1/1 \"%02x\"" /dev/urandom; }
echo "$(now)  INFO 1 --- [payments] [           main] c.s.payments.PaymentsApplication         : Started PaymentsApplication in 2.184 seconds (process running for 2.61)"
last=""; n=0
while true; do
  n=$((n+1)); r=$RANDOM
  if [ $((n % 6)) -eq 0 ]; then k=$(( (n / 6) % 7 )); if [ $k -eq 0 ]; then rm -f /dev/shm/buf*; else dd if=/dev/zero of=/dev/shm/buf$k bs=1M count=4 2>/dev/null; fi; fi
  c=""; [ -f /run/shop/checkout ] && c=$(cat /run/shop/checkout)
  if [ -n "$c" ] && [ "$c" != "$last" ]; then
    last=$c; t=${c% *}; method=POST; route=/api/payments/charge
  else
    t=$(hex 16)
    if [ $((r % 2)) -eq 0 ]; then method=GET; route=/api/payments/:id; else method=POST; route=/api/payments/refund; fi
  fi
  s=$(hex 8); th=$((r % 10 + 1)); d=$((r % 300 + 20))
  if [ $((r % 10)) -eq 0 ]; then
    echo "$(now) ERROR 1 --- [payments] [nio-8080-exec-$th] [$t-$s] c.s.payments.web.PaymentController      : $method $route failed status=502 duration=${d}ms"
    echo "com.shop.payments.gateway.GatewayException: card issuer did not answer within 250 ms"
    echo "	at com.shop.payments.gateway.IssuerClient.authorize(IssuerClient.java:88)"
    echo "	at com.shop.payments.service.ChargeService.charge(ChargeService.java:57)"
    echo "	at com.shop.payments.web.PaymentController.charge(PaymentController.java:34)"
    echo "	at java.base/java.lang.Thread.run(Thread.java:1583)"
    echo "Caused by: java.net.SocketTimeoutException: Read timed out"
    echo "	at java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:278)"
    echo "	... 12 common frames omitted"
  else
    echo "$(now)  INFO 1 --- [payments] [nio-8080-exec-$th] [$t-$s] c.s.payments.web.PaymentController      : $method $route completed status=200 duration=${d}ms"
  fi
  usleep $(( 500000 + (r % 500) * 1000 ))
done
