// Connects to PostgreSQL through diesel (libpq) and reports the server version.
use diesel::prelude::*;
use diesel::sql_types::Text;

#[derive(QueryableByName)]
struct Version {
    #[diesel(sql_type = Text)]
    version: String,
}

fn main() {
    let url = std::env::var("DATABASE_URL").expect("DATABASE_URL");
    let mut conn = PgConnection::establish(&url).expect("connect");
    let v: Version = diesel::sql_query("select version() as version")
        .get_result(&mut conn)
        .expect("query");
    println!("{}", v.version);
}
