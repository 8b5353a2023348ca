"""The Bot API methods of the sandbox, one mixin of :class:`~sandbox.core.SandboxCore` per
area; :class:`~sandbox.server.BotApiSandbox` combines them and maps method names to them."""
