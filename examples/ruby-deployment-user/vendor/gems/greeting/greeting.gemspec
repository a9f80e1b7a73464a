Gem::Specification.new do |s|
  s.name = "greeting"
  s.version = "1.0.0"
  s.summary = "The greeting the server answers with"
  s.authors = ["msconvert"]
  s.license = "MIT"
  s.homepage = "https://example.invalid/greeting"
  s.files = ["lib/greeting.rb"]
  s.require_paths = ["lib"]
end
