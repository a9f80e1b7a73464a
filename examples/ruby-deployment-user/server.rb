# A tiny HTTP server on Ruby's standard library, run as the user `web`: it writes its pid to
# tmp/pids and appends every request to log/access.log, as a Rack or Rails server would, so
# it cannot start when those folders are not writable by that user.
require "socket"
require "fileutils"
require "greeting"
require "etc"

FileUtils.mkdir_p("tmp/pids")
File.write("tmp/pids/server.pid", Process.pid.to_s)
log = File.open("log/access.log", "a")
server = TCPServer.new("0.0.0.0", 8080)
loop do
  client = server.accept
  line = client.gets.to_s
  log.puts(line.strip)
  log.flush
  body = "#{Greeting.for(Etc.getlogin || ENV.fetch('USER', 'web'))} from #{Dir.pwd}, gems in #{Gem.loaded_specs['greeting'].full_gem_path.sub(Dir.pwd, '.')}\n"
  client.write "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: #{body.bytesize}\r\nConnection: close\r\n\r\n#{body}"
  client.close
end
