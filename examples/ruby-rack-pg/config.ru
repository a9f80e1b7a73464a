# A Rack app that answers every request.
run ->(env) { [200, { "content-type" => "text/plain" }, ["hello from ruby\n"]] }
