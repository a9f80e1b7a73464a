Gem::Specification.new do |s|
  s.name = "pqversion"
  s.version = "0.1.0"
  s.summary = "The version of the libpq the extension is linked with"
  s.authors = ["msconvert"]
  s.license = "MIT"
  s.files = ["lib/pqversion.rb", "ext/pqversion/extconf.rb", "ext/pqversion/pqversion.c"]
  s.extensions = ["ext/pqversion/extconf.rb"]
  s.require_paths = ["lib"]
end
