package dev.arena.sandbox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BaseImageTest {

    private static final List<String> WITH_ARG = List.of(
            "# syntax=docker/dockerfile:1",
            "ARG BASE_IMAGE=python:3.12-slim",
            "FROM ${BASE_IMAGE}",
            "RUN pip install pytest");

    @Test
    void usesTheArgDefault() {
        assertEquals("python:3.12-slim", BaseImage.of(WITH_ARG, Map.of()));
    }

    @Test
    void aBuildArgOverridesTheDefault() {
        assertEquals("arena-base:bookworm", BaseImage.of(WITH_ARG, Map.of("BASE_IMAGE", "arena-base:bookworm")));
    }

    @Test
    void buildArgsForOtherNamesChangeNothing() {
        assertEquals("python:3.12-slim", BaseImage.of(WITH_ARG, Map.of("OTHER", "x")));
    }

    @Test
    void readsAPlatformFlagADollarVariableAndAStageName() {
        List<String> lines = List.of("ARG X=node:20-bookworm", "FROM --platform=linux/amd64 $X AS build", "FROM scratch");
        assertEquals("node:20-bookworm", BaseImage.of(lines, Map.of()));
        assertEquals("node:22", BaseImage.of(lines, Map.of("X", "node:22")));
    }

    @Test
    void aPlainFromIsReturnedAsWritten() {
        assertEquals("debian:bookworm-slim", BaseImage.of(List.of("from debian:bookworm-slim as base"), Map.of()));
    }

    @Test
    void theFirstFromWins() {
        assertEquals("golang:1.22", BaseImage.of(List.of("FROM golang:1.22 AS build", "FROM alpine:3.20"), Map.of()));
    }

    @Test
    void variablesCanBeComposed() {
        List<String> lines = List.of("ARG REGISTRY=docker.io", "ARG TAG=3.12", "FROM ${REGISTRY}/library/python:$TAG");
        assertEquals("docker.io/library/python:3.12", BaseImage.of(lines, Map.of()));
        assertEquals("mirror.local/library/python:3.13",
                BaseImage.of(lines, Map.of("REGISTRY", "mirror.local", "TAG", "3.13")));
    }

    @Test
    void quotesAroundAnArgDefaultAreDropped() {
        assertEquals("python:3.11", BaseImage.of(List.of("ARG BASE=\"python:3.11\"", "FROM $BASE"), Map.of()));
    }

    @Test
    void anArgWithoutDefaultTakesTheBuildArgOrNothing() {
        List<String> lines = List.of("ARG BASE", "FROM ${BASE}");
        assertEquals("ubuntu:24.04", BaseImage.of(lines, Map.of("BASE", "ubuntu:24.04")));
        assertEquals("", BaseImage.of(lines, Map.of()));
    }

    @Test
    void aBuildArgWithoutArgDeclarationIsNotUsed() {
        // docker only substitutes declared ARGs in FROM
        assertEquals("", BaseImage.of(List.of("FROM $UNDECLARED"), Map.of("UNDECLARED", "alpine")));
    }

    @Test
    void noFromLine() {
        assertEquals("(no FROM line)", BaseImage.of(List.of("ARG X=1", "RUN echo hi"), Map.of()));
        assertEquals("(no FROM line)", BaseImage.of(List.of(), Map.of()));
        assertEquals("(no FROM line)", BaseImage.of(List.of("# FROM python:3.12"), Map.of()));
    }

    @Test
    void readsADockerfileFromDisk(@TempDir Path tmp) throws IOException {
        Path dockerfile = tmp.resolve("Dockerfile");
        Files.write(dockerfile, WITH_ARG);
        assertEquals("python:3.12-slim", BaseImage.of(dockerfile, Map.of()));
        assertEquals("(unknown)", BaseImage.of(tmp.resolve("missing"), Map.of()));
    }
    @Test
    void understandsDefaultValueSyntax() {
        List<String> lines = List.of("ARG BASE", "FROM ${BASE:-python:3.12}");
        assertEquals("python:3.12", BaseImage.of(lines, Map.of()));
        assertEquals("pypy:3", BaseImage.of(lines, Map.of("BASE", "pypy:3")));
    }
}
