import { describe, expect, it } from 'vitest';
import { mlflowSignature, standardSignature } from './webhook-signature.js';

describe('webhook signatures', () => {
  it("matches MLflow's scheme: v1 and base64 HMAC-SHA256 of id.timestamp.body (Python hmac)", () => {
    const body = '{"entity":"model_version","action":"created"}';
    // python3: base64(hmac.new(b'my-secret', b'd-123.1700000000.' + body, sha256).digest())
    expect(mlflowSignature('my-secret', 'd-123', '1700000000', body)).toBe(
      'v1,zXMS+KHyjpUZQVOcX1Sfj+7/lPyl5fuQdGk+mfZDVyk=',
    );
  });

  it("matches the Standard Webhooks specification's example for a whsec_ secret", () => {
    expect(
      standardSignature(
        'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        'msg_p5jXN8AQM9LWM0D4loKWxJek',
        '1614265330',
        '{"test": 2432232314}',
      ),
    ).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('signs as MLflow for any other secret', () => {
    expect(standardSignature('my-secret', 'a', '1', '{}')).toBe(
      mlflowSignature('my-secret', 'a', '1', '{}'),
    );
    expect(mlflowSignature('other', 'a', '1', '{}')).not.toBe(
      mlflowSignature('my-secret', 'a', '1', '{}'),
    );
  });
});
