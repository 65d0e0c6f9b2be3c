hex() { hexdump -n "$1" -e "$1/1 \"%02x\"" /dev/urandom; }
while true; do echo "level=info msg=\"GET /cart\" traceparent=00-4bf92f3577b34da6a3ce929d0e0e4736-$(hex 8)-01"; sleep 1; done
