import { DescribeImageScanFindingsCommand, ECRClient } from '@aws-sdk/client-ecr';
import { mockClient } from 'aws-sdk-client-mock';
import { ecrScanReader, MAX_PAGES, PAGE_SIZE } from '../../../core/scan-gate';
import { DIGEST, IMAGE, REPOSITORY } from './fixtures';

const ecr = mockClient(ECRClient);
beforeEach(() => ecr.reset());

const client = () => new ECRClient({ region: 'eu-west-1' });

// Request shapes and answers through a mocked client; errors as ECR sends them: ecr-scan-reader.wire.test.ts.
describe('ecrScanReader', () => {
  test('asks for the image by digest, with the registry, the largest page size and every nextToken', async () => {
    ecr
      .on(DescribeImageScanFindingsCommand)
      .resolvesOnce({
        imageScanStatus: { status: 'COMPLETE' },
        imageScanFindings: {
          imageScanCompletedAt: new Date(0),
          findingSeverityCounts: { HIGH: 2 },
          findings: [{ name: 'CVE-1', severity: 'HIGH' }],
        },
        nextToken: 'page-2',
      })
      .resolvesOnce({
        imageScanStatus: { status: 'COMPLETE' },
        imageScanFindings: {
          imageScanCompletedAt: new Date(0),
          findingSeverityCounts: { HIGH: 2 },
          findings: [{ name: 'CVE-2', severity: 'HIGH' }],
        },
      });

    const read = await ecrScanReader(client(), { ...IMAGE, registryId: '123456789012' })(5_000);

    expect(read).toMatchObject({
      kind: 'snapshot',
      snapshot: { status: 'COMPLETE', reportedCounts: { HIGH: 2 }, findings: [{ id: 'CVE-1' }, { id: 'CVE-2' }] },
    });
    expect(ecr.commandCalls(DescribeImageScanFindingsCommand).map((c) => c.args[0].input)).toEqual([
      {
        repositoryName: REPOSITORY,
        registryId: '123456789012',
        imageId: { imageDigest: DIGEST },
        maxResults: PAGE_SIZE,
        nextToken: undefined,
      },
      {
        repositoryName: REPOSITORY,
        registryId: '123456789012',
        imageId: { imageDigest: DIGEST },
        maxResults: PAGE_SIZE,
        nextToken: 'page-2',
      },
    ]);
  });

  test('pages that disagree on the status are flagged, not merged silently', async () => {
    ecr
      .on(DescribeImageScanFindingsCommand)
      .resolvesOnce({ imageScanStatus: { status: 'IN_PROGRESS' }, nextToken: 't' })
      .resolvesOnce({
        imageScanStatus: { status: 'COMPLETE' },
        imageScanFindings: { imageScanCompletedAt: new Date(0) },
      });

    const read = await ecrScanReader(client(), IMAGE)(5_000);

    expect(read).toMatchObject({
      kind: 'snapshot',
      snapshot: {
        status: 'IN_PROGRESS',
        pagesDisagree: 'scan status changed from IN_PROGRESS to COMPLETE while the findings were read',
      },
    });
  });

  test('pages that disagree on the counts are flagged', async () => {
    ecr
      .on(DescribeImageScanFindingsCommand)
      .resolvesOnce({
        imageScanStatus: { status: 'ACTIVE' },
        imageScanFindings: { findingSeverityCounts: { LOW: 1 } },
        nextToken: 't',
      })
      .resolvesOnce({
        imageScanStatus: { status: 'ACTIVE' },
        imageScanFindings: { findingSeverityCounts: { LOW: 2 } },
      });

    const read = await ecrScanReader(client(), IMAGE)(5_000);

    expect(read).toMatchObject({
      snapshot: { pagesDisagree: 'findingSeverityCounts changed while the findings were read' },
    });
  });

  test('a repeated nextToken ends the read as fatal instead of looping', async () => {
    ecr.on(DescribeImageScanFindingsCommand).resolves({ imageScanStatus: { status: 'COMPLETE' }, nextToken: 'same' });

    expect(await ecrScanReader(client(), IMAGE)(5_000)).toEqual({
      kind: 'fatal',
      reason: 'ECR repeated the nextToken "same"',
    });
  });

  test(`more than ${MAX_PAGES} pages end the read as fatal`, async () => {
    let n = 0;
    ecr
      .on(DescribeImageScanFindingsCommand)
      .callsFake(async () => ({ imageScanStatus: { status: 'COMPLETE' }, nextToken: `t${n++}` }));

    expect(await ecrScanReader(client(), IMAGE)(5_000)).toEqual({
      kind: 'fatal',
      reason: `ECR kept paginating beyond ${MAX_PAGES} pages of findings`,
    });
    expect(ecr.commandCalls(DescribeImageScanFindingsCommand)).toHaveLength(MAX_PAGES);
  });

  test('an answer about another digest is fatal', async () => {
    const other = `sha256:${'0'.repeat(64)}`;
    ecr
      .on(DescribeImageScanFindingsCommand)
      .resolves({ imageId: { imageDigest: other }, imageScanStatus: { status: 'COMPLETE' } });

    expect(await ecrScanReader(client(), IMAGE)(5_000)).toEqual({
      kind: 'fatal',
      reason: `ECR answered for image ${other}, not ${DIGEST}`,
    });
  });

  test('a malformed severity count is fatal', async () => {
    ecr.on(DescribeImageScanFindingsCommand).resolves({
      imageScanStatus: { status: 'COMPLETE' },
      imageScanFindings: { findingSeverityCounts: { HIGH: -1 } },
    });

    expect(await ecrScanReader(client(), IMAGE)(5_000)).toEqual({
      kind: 'fatal',
      reason: 'ECR answered with findingSeverityCounts.HIGH is -1, not a whole number >= 0',
    });
  });
});
