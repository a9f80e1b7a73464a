# A tiny HTTP server on Ruby's standard library: it answers with the libpq version that the
# vendored native gem reports, so a runtime without libpq5 fails to start.
require "socket"
require "pqversion"

server = TCPServer.new("0.0.0.0", 8080)
puts "listening on 8080 with libpq #{PQversion.libpq}"
$stdout.flush
loop do
  client = server.accept
  client.gets
  body = "hello from ruby #{RUBY_VERSION}, libpq #{PQversion.libpq}\n"
  client.write "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: #{body.bytesize}\r\nConnection: close\r\n\r\n#{body}"
  client.close
end
