/**
 * The {@code docker-daemon:} source: images in the local Docker or Podman daemon, read through the
 * Docker Engine API ({@link dev.runnerlint.source.daemon.DaemonSource}) over a small HTTP/1.1
 * client for Unix sockets and TCP ({@link dev.runnerlint.source.daemon.EngineHttp}), with the
 * daemon found as the Docker CLI finds it ({@link dev.runnerlint.source.daemon.DaemonSettings}).
 */
package dev.runnerlint.source.daemon;
