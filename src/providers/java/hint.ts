// The registry's quick test before loading the Java provider (see src/providers/index.ts).
export const hint: RegExp = /temurin|openjdk|maven|mvn|gradle|tomcat|javac|\bjar\b/i;
