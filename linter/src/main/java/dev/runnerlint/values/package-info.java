/**
 * The {@code --values} input: a gha-runner-scale-set Helm values file read into a {@link
 * dev.runnerlint.values.Deployment} (container mode, the runner container's image, command, env and
 * security context, the pod's security context), keeping the line of every key used so that
 * findings the values cause point at it. An input beside the image, like {@code dockerfile}.
 */
package dev.runnerlint.values;
