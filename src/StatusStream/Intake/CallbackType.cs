namespace StatusStream.Intake;

internal enum CallbackType
{
    Kafka,
    Webhook,
}
