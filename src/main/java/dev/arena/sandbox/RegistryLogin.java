package dev.arena.sandbox;

/** Credentials for one registry host, handed to the Docker engine for a push or a pull. */
public record RegistryLogin(String registry, String username, String password) {
    @Override
    public String toString() {
        return "RegistryLogin[" + registry + ", " + username + "]"; // never the password
    }
}
