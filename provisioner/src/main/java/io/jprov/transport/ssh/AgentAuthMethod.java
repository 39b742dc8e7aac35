package io.jprov.transport.ssh;

import java.io.IOException;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.Message;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.method.AbstractAuthMethod;

/**
 * The {@code publickey} method for one identity held by an ssh-agent: the agent signs, the private
 * key never enters this process. RSA keys sign with {@code rsa-sha2-512} (EL7's OpenSSH 7.4 accepts
 * it; SHA-1 {@code ssh-rsa} signatures are refused by modern servers).
 *
 * <p>Used by one sshj authentication at a time, like sshj's own methods.
 */
final class AgentAuthMethod extends AbstractAuthMethod {
  private final AgentClient agent;
  private final AgentClient.Identity identity;
  private final String algorithm;
  private final int flags;

  AgentAuthMethod(AgentClient agent, AgentClient.Identity identity) {
    super("publickey");
    this.agent = agent;
    this.identity = identity;
    String type = identity.keyType();
    if (type.equals("ssh-rsa")) {
      this.algorithm = "rsa-sha2-512";
      this.flags = AgentClient.SSH_AGENT_RSA_SHA2_512;
    } else {
      this.algorithm = type;
      this.flags = 0;
    }
  }

  @Override
  protected SSHPacket buildReq() throws UserAuthException {
    return request(false);
  }

  private SSHPacket request(boolean signed) throws UserAuthException {
    return super.buildReq().putBoolean(signed).putString(algorithm).putString(identity.blob());
  }

  @Override
  public void handle(Message cmd, SSHPacket buf) throws UserAuthException, TransportException {
    if (cmd != Message.USERAUTH_60) {
      super.handle(cmd, buf);
      return;
    }
    SSHPacket req = request(true);
    byte[] data = new Buffer.PlainBuffer()
        .putString(params.getTransport().getSessionID())
        .putBuffer(req)
        .getCompactData();
    byte[] signature;
    try {
      signature = agent.sign(identity.blob(), data, flags);
    } catch (IOException e) {
      throw new UserAuthException("ssh-agent could not sign with " + identity.comment(), e);
    }
    params.getTransport().write(req.putString(signature));
  }

  @Override
  public String toString() {
    return "agent key " + identity.comment();
  }
}
