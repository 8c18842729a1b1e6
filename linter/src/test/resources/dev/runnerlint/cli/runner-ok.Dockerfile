# syntax=docker/dockerfile:1
# The Dockerfile of the sample runner image (fixtures: SampleImages.runnerOk). Each instruction
# matches the created_by that BuildKit records in the image's history.
FROM scratch
ADD rootfs.tar.gz /

RUN apt-get update && apt-get install -y --no-install-recommends sudo \
    && adduser --disabled-password --gecos "" --uid 1001 runner \
    && groupadd docker --gid 123 \
    && usermod -aG sudo runner && usermod -aG docker runner

COPY --chown=runner:runner actions-runner/ /actions-runner/

ENV HOME=/home/runner
WORKDIR /actions-runner
USER runner
