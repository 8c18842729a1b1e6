# syntax=docker/dockerfile:1
# The Dockerfile of the broken sample runner image (fixtures: SampleImages.runnerBroken): the
# docker group has GID 999, run.sh was left out of the copied runner, the working directory is /
# and there is no USER, so the container runs as root.
FROM scratch
ADD rootfs.tar.gz /

RUN apt-get update && apt-get install -y --no-install-recommends sudo \
    && adduser --disabled-password --gecos "" --uid 1001 runner \
    && groupadd docker --gid 999 \
    && usermod -aG sudo runner && usermod -aG docker runner

COPY --chown=runner:runner actions-runner/ /actions-runner/

ENV HOME=/home/runner
WORKDIR /
