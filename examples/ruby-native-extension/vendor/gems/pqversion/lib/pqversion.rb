require "pqversion/pqversion"
