/**
 * The image's sudoers policy, in three parts: <b>loading</b> ({@link
 * dev.runnerlint.facts.sudo.SudoersLoader} reads {@code /etc/sudoers} and its includes from a
 * {@link dev.runnerlint.facts.sudo.SudoersSource}, recording the files sudo relies on and their
 * safety data), the <b>policy</b> model ({@link dev.runnerlint.facts.sudo.SudoersLexer} lines and
 * tokens, {@link dev.runnerlint.facts.sudo.SudoersParser} statements of the {@link
 * dev.runnerlint.facts.sudo.SudoersAst}, held by {@link dev.runnerlint.facts.sudo.Sudoers}), and
 * <b>evaluation</b> ({@link dev.runnerlint.facts.sudo.GrantEvaluator}: does a user get ALL commands
 * as root, with or without a password: a {@link dev.runnerlint.facts.sudo.SudoGrant}).
 */
package dev.runnerlint.facts.sudo;
