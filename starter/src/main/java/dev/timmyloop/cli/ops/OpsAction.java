package dev.timmyloop.cli.ops;

import dev.timmyloop.cli.BaseCommand;
import dev.timmyloop.cli.ConnectionMixin;
import dev.timmyloop.config.TimmyConfig;
import picocli.CommandLine.Mixin;

/** An ops helper: a command that works on the loop's configuration. */
abstract class OpsAction extends BaseCommand {
  @Mixin ConnectionMixin options;

  @Override
  protected final int run() throws Exception {
    return run(options.config());
  }

  abstract int run(TimmyConfig config) throws Exception;
}
